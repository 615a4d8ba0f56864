package commitment_test

import (
	"fmt"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

var exAccepts = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}

// Explain asks why a command would be refused, without trying it.
func ExampleCommitment_Explain() {
	c, _ := commitment.New(commitment.Customer{ID: "hoiva", Kind: lifecycle.PrivateSocialWelfareProvider})
	sat := lifecycle.SocialWelfareClientDataRepository
	c.Execute(notice.MustDate(2025, 1, 10), commitment.RequestService{Service: sat, Signatory: lifecycle.TradeRegister, Accepts: exAccepts})

	blockers, _ := c.Explain(notice.MustDate(2025, 1, 20), commitment.ApproveService{Service: sat})
	for _, b := range blockers {
		fmt.Println(b.Rule.Cite()+":", b.Reason)
	}
	fmt.Println(c.State(sat))
	// Output:
	// S2 (SAT, YTE 2.5): the customer's system has not passed Kela's joint testing
	// S2 (SAT, YTE 2.5): the activation test has not been passed
	// requested
}

// Replay rebuilds a commitment from its history.
func ExampleReplay() {
	c, _ := commitment.New(commitment.Customer{ID: "klinikka", Kind: lifecycle.PrivateHealthCareProvider})
	c.Execute(notice.MustDate(2025, 1, 10), commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: exAccepts})
	c.Execute(notice.MustDate(2025, 1, 15), commitment.ApproveService{Service: lifecycle.Prescription})

	again, err := commitment.Replay(c.History())
	fmt.Println(err, again.Customership(), again.State(lifecycle.Prescription), len(again.History()))
	// Output: <nil> active active 9
}

// A Register holds several parties; a tenant uses services through its main
// connector under a joint-connection agreement.
func ExampleRegister() {
	r := commitment.NewRegister()
	r.Add(commitment.Customer{ID: "main", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
	r.Add(commitment.Customer{ID: "tenant", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
	p := lifecycle.Prescription
	r.Execute(notice.MustDate(2025, 1, 10), "main", commitment.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: exAccepts})
	r.Execute(notice.MustDate(2025, 1, 15), "main", commitment.ApproveService{Service: p})
	_, err := r.Execute(notice.MustDate(2025, 2, 1), "", commitment.SignJointAgreement{ID: "annex-1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{p}})
	fmt.Println(err)
	fmt.Println(r.TenantUses("tenant"))

	r.Execute(notice.MustDate(2025, 2, 3), "", commitment.GiveJointAgreementNotice{Agreement: "annex-1", By: "tenant", Effective: notice.MustDate(2025, 3, 4)})
	r.Advance(notice.MustDate(2025, 3, 4))
	fmt.Println(r.TenantUses("tenant"))
	// Output:
	// <nil>
	// [{annex-1 main prescription active}]
	// [{annex-1 main prescription terminated}]
}

// ObligationsDue lists what falls due in a period, with its clause.
func ExampleCommitment_ObligationsDue() {
	c, _ := commitment.New(commitment.Customer{ID: "klinikka", Kind: lifecycle.PrivateHealthCareProvider})
	c.Execute(notice.MustDate(2025, 1, 10), commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: exAccepts})
	c.Execute(notice.MustDate(2025, 1, 15), commitment.ApproveService{Service: lifecycle.Prescription})
	c.Execute(notice.MustDate(2025, 2, 20), commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: notice.MustDate(2025, 4, 1), Reason: lifecycle.CeasingOperations})
	c.Advance(notice.MustDate(2025, 4, 1))

	for _, o := range c.ObligationsDue(notice.MustDate(2025, 1, 1), notice.MustDate(2035, 12, 31)) {
		fmt.Printf("%s %s %s (%s)\n", o.Due, o.Party, o.Rule, o.Clause)
	}
	// Output:
	// 2035-04-01 kela R3 (REK)
}
