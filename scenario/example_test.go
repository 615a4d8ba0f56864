package scenario_test

import (
	"fmt"

	"github.com/kantakit/kanta/scenario"
)

// A scenario is parsed, validated as a whole, and run step by step; each
// result prints as `kanta check` prints it.
func ExampleScenario_Run() {
	sc, err := scenario.Parse("sat.yaml", []byte(`
name: "S2: approval waits for joint testing"
parties:
  - {id: hoiva, kind: private-social-welfare-provider}
steps:
  - on: 2025-01-10
    party: hoiva
    do: request-service
    service: social-welfare-client-data-repository
    signatory: trade-register
    accepts: [commitment, general-terms, service-description]
    expect: {customership: applied}
  - on: 2025-01-20
    party: hoiva
    do: approve-service
    service: social-welfare-client-data-repository
    expect: {refused: true, clause: SAT}
  - on: 2025-02-01
    expect: {party: hoiva, customership: active}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res := sc.Run(func(r scenario.StepResult) { fmt.Println(r) })
	fmt.Println(res)
	// Output:
	// sat.yaml:6: 2025-01-10 hoiva request-service ok
	// sat.yaml:13: 2025-01-20 hoiva approve-service ok
	// sat.yaml:18: 2025-02-01 hoiva (time passes) FAIL: hoiva's customership is applied, expected active
	// 2 passed, 1 failed
}

// A malformed file is refused before anything runs, naming the file and the
// line.
func ExampleParse() {
	_, err := scenario.Parse("typo.yaml", []byte(`
name: "C4: signing right"
parties:
  - {id: klinikka, kind: private-health-care-provider}
steps:
  - on: 2025-01-10
    party: klinikka
    do: request-service
    service: prescription
    signatory: ceo
    accepts: [commitment, general-terms, service-description]
`))
	fmt.Println(err)
	// Output:
	// typo.yaml:10: signatory: unknown signatory "ceo" (known: trade-register, foundation-register, association-register, governing-body-minutes, authorised, none)
}
