package commitment_test

import (
	"errors"
	"fmt"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// A social welfare provider applies for the social welfare client data
// repository. Kela's approval is refused until the customer's system has
// passed joint testing and the activation test (SAT); once both are passed,
// the approval makes the customership active.
func ExampleCommitment_Execute() {
	c, err := commitment.New(commitment.Customer{ID: "1234567-8", Name: "Hoiva Oy", Kind: lifecycle.PrivateSocialWelfareProvider})
	if err != nil {
		panic(err)
	}
	repo := lifecycle.SocialWelfareClientDataRepository

	_, err = c.Execute(notice.MustDate(2025, 1, 10), commitment.RequestService{
		Service:   repo,
		Signatory: lifecycle.TradeRegister,
		Accepts:   []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("requested:", c.Customership(), c.State(repo))

	_, err = c.Execute(notice.MustDate(2025, 1, 20), commitment.ApproveService{Service: repo})
	var refusal *lifecycle.Refusal
	if errors.As(err, &refusal) {
		for _, b := range refusal.Blockers {
			fmt.Printf("refused: %s (%s): %s\n", string(b.Rule), b.Clause(), b.Reason)
		}
	}

	for _, cmd := range []commitment.Command{
		commitment.PassJointTesting{Service: repo},
		commitment.PassActivationTest{Service: repo},
		commitment.ApproveService{Service: repo},
	} {
		if _, err := c.Execute(notice.MustDate(2025, 2, 3), cmd); err != nil {
			panic(err)
		}
	}
	fmt.Println("approved:", c.Customership(), c.State(repo))
	// Output:
	// requested: applied requested
	// refused: S2 (SAT, YTE 2.5): the customer's system has not passed Kela's joint testing
	// refused: S2 (SAT, YTE 2.5): the activation test has not been passed
	// approved: active active
}
