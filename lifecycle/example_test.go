package lifecycle_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Deciding a customer's first request on the service machine, then Kela's
// approval: Decide says where a step leads, Apply takes it.
func ExampleServiceMachine() {
	m := lifecycle.ServiceMachine()
	customer := lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider}
	use := lifecycle.ServiceUse{Service: lifecycle.Prescription}

	request := lifecycle.RequestService{
		Service:   lifecycle.Prescription,
		Signatory: lifecycle.TradeRegister,
		Accepts:   []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription},
	}
	on := notice.MustDate(2025, 1, 10)
	to, err := m.Decide(on, &use, customer, request)
	fmt.Println(to, err)
	m.Apply(&use, on, request, to)

	approve := lifecycle.ApproveService{Service: lifecycle.Prescription}
	on = notice.MustDate(2025, 1, 20)
	to, _ = m.Decide(on, &use, customer, approve)
	m.Apply(&use, on, approve, to)
	fmt.Println(use.State, use.Requested, use.Approved, use.InUse())
	// Output:
	// requested <nil>
	// active 2025-01-10 2025-01-20 true
}

// A request the terms do not allow is refused with every unmet condition,
// each citing its rule and the clause of the terms that states it.
func ExampleServiceMachine_refusal() {
	m := lifecycle.ServiceMachine()
	use := lifecycle.ServiceUse{Service: lifecycle.Kelain}
	request := lifecycle.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.NoSignatory,
		Accepts: []lifecycle.Document{lifecycle.ServiceDescription}}
	_, err := m.Decide(notice.MustDate(2025, 1, 10), &use, lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider}, request)

	var r *engine.Refusal
	if errors.As(err, &r) {
		for _, b := range r.Blockers {
			fmt.Println(b.Rule.Cite())
		}
		fmt.Println(r.Citations())
	}
	fmt.Println(errors.Is(err, rules.C4), errors.Is(err, rules.S1))
	// Output:
	// C1 (YTE 7)
	// C4 (YTE 7)
	// [YTE 7]
	// true false
}

// Acts lists every act of the terms with who performs it.
func ExampleActs() {
	for _, a := range lifecycle.Acts() {
		machine := a.Machine
		if machine == "" {
			machine = "(records)"
		}
		fmt.Printf("%-28s %-16s %s\n", a.ID, a.Actor.ID, machine)
	}
	// Output:
	// request-service              customer         service
	// pass-joint-testing           kela             service
	// pass-activation-test         kela             service
	// approve-service              kela             service
	// withdraw-application         customer         service
	// suspend-service              kela             service
	// demonstrate-correction       customer         service
	// give-termination-notice      customer         service
	// terminate-by-authority       kela             service
	// register-app                 app-vendor       app
	// pass-app-joint-testing       kela             app
	// certify-app                  kela             app
	// connect-app                  kela             app
	// suspend-app                  kela             app
	// demonstrate-app-correction   app-vendor       app
	// renew-audit-certificate      app-vendor       app
	// give-app-withdrawal-notice   app-vendor       app
	// remove-app                   kela             app
	// sign-joint-agreement         agreement-party  joint-agreement
	// give-joint-agreement-notice  agreement-party  joint-agreement
	// end-production-agreement     agreement-party  joint-agreement
	// rescind-joint-agreement      main-connector   joint-agreement
	// transfer-commitment          customer         (records)
	// add-pharmacy                 customer         (records)
	// name-contact                 customer         (records)
	// remove-contact               customer         (records)
	// notify-change                customer         (records)
}

func ExampleSuspensionSet() {
	s, err := lifecycle.SuspensionsOf(lifecycle.ValviraProhibition, lifecycle.Endangers)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), s.Has(lifecycle.Endangers), s.Has(lifecycle.LicenceRevoked))
	fmt.Println(s.Reasons())
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// 2 true false
	// [endangers valvira-prohibition]
	// ["endangers","valvira-prohibition"]
}
