package commitment_test

import (
	"errors"
	"fmt"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// exampleAccepts is what the first request of a customership accepts.
var exampleAccepts = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}

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

	events, err := c.Execute(notice.MustDate(2025, 1, 10), lifecycle.RequestService{
		Service:   repo,
		Signatory: lifecycle.TradeRegister,
		Accepts:   exampleAccepts,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("requested:", c.Customership(), c.State(repo), len(events), "events")

	_, err = c.Execute(notice.MustDate(2025, 1, 20), lifecycle.ApproveService{Service: repo})
	var refusal *engine.Refusal
	if errors.As(err, &refusal) {
		for _, b := range refusal.Blockers {
			fmt.Printf("refused: %s: %s\n", b.Rule.Cite(), b.Reason)
		}
	}

	for _, act := range []lifecycle.Act{
		lifecycle.PassJointTesting{Service: repo},
		lifecycle.PassActivationTest{Service: repo},
		lifecycle.ApproveService{Service: repo},
	} {
		if _, err := c.Execute(notice.MustDate(2025, 2, 3), act); err != nil {
			panic(err)
		}
	}
	fmt.Println("approved:", c.Customership(), c.State(repo), "since", c.CustomershipRecord().Since)
	// Output:
	// requested: applied requested 5 events
	// refused: S2 (SAT, YTE 2.5): the customer's system has not passed Kela's joint testing
	// refused: S2 (SAT, YTE 2.5): the activation test has not been passed
	// approved: active active since 2025-02-03
}

// Explain asks why an act would be refused, without trying it.
func ExampleCommitment_Explain() {
	c, _ := commitment.New(commitment.Customer{ID: "hoiva", Kind: lifecycle.PrivateSocialWelfareProvider})
	repo := lifecycle.SocialWelfareClientDataRepository
	if _, err := c.Execute(notice.MustDate(2025, 1, 10), lifecycle.RequestService{Service: repo, Signatory: lifecycle.TradeRegister, Accepts: exampleAccepts}); err != nil {
		panic(err)
	}

	blockers, _ := c.Explain(notice.MustDate(2025, 1, 20), lifecycle.ApproveService{Service: repo})
	for _, b := range blockers {
		fmt.Println(b)
	}
	blockers, _ = c.Explain(notice.MustDate(2025, 1, 20), lifecycle.PassJointTesting{Service: repo})
	fmt.Println(len(blockers), "blockers for joint testing")
	fmt.Println(c.State(repo), c.Today())
	// Output:
	// S2 (SAT, YTE 2.5): social-welfare-client-data-repository: the customer's system has not passed Kela's joint testing
	// S2 (SAT, YTE 2.5): social-welfare-client-data-repository: the activation test has not been passed
	// 0 blockers for joint testing
	// requested 2025-01-10
}

// Advance lets time pass: a termination takes effect on its effective day,
// and with the last service the customership ends (C8).
func ExampleCommitment_Advance() {
	c, _ := commitment.New(commitment.Customer{ID: "klinikka", Kind: lifecycle.PrivateHealthCareProvider})
	p := lifecycle.Prescription
	for _, act := range []lifecycle.Act{
		lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: exampleAccepts},
		lifecycle.ApproveService{Service: p},
		lifecycle.GiveTerminationNotice{Service: p, Effective: notice.MustDate(2025, 4, 1), Reason: lifecycle.CeasingOperations},
	} {
		if _, err := c.Execute(notice.MustDate(2025, 2, 20), act); err != nil {
			panic(err)
		}
	}
	next, _ := c.NextDue()
	fmt.Println("next due:", next)

	events, _ := c.Advance(notice.MustDate(2025, 3, 31))
	fmt.Println(len(events), "events by 2025-03-31:", c.State(p), c.Customership())

	events, _ = c.Advance(notice.MustDate(2025, 4, 30))
	for _, e := range events {
		tr := e.(commitment.Transitioned)
		fmt.Println(tr.On, tr.Machine, tr.Event.EventID(), tr.From, "->", tr.To)
	}
	// Output:
	// next due: 2025-04-01
	// 0 events by 2025-03-31: notice-given terminating
	// 2025-04-01 service notice-elapsed notice-given -> terminated
	// 2025-04-01 customership last-service-ended terminating -> ended
}

// A Register holds several parties. A transfer names the receiving party,
// so it runs on the Register: with Kela's consent the commitment passes to
// the receiver, which holds no commitment of its own; the giver keeps its
// history.
func ExampleRegister_Execute() {
	r := commitment.NewRegister()
	for _, c := range []commitment.Customer{
		{ID: "apteekkari", Kind: lifecycle.Pharmacist},
		{ID: "seuraaja", Kind: lifecycle.Pharmacist},
	} {
		if _, err := r.Add(c); err != nil {
			panic(err)
		}
	}
	p := lifecycle.Prescription
	for _, act := range []lifecycle.Act{
		lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: exampleAccepts},
		lifecycle.ApproveService{Service: p},
		lifecycle.AddPharmacy{Pharmacy: "Keskusapteekki"},
	} {
		if _, err := r.Execute(notice.MustDate(2025, 1, 10), "apteekkari", act); err != nil {
			panic(err)
		}
	}

	_, err := r.Execute(notice.MustDate(2025, 2, 1), "apteekkari", lifecycle.TransferCommitment{To: "seuraaja"})
	fmt.Println(err)

	changes, _ := r.Execute(notice.MustDate(2025, 2, 1), "apteekkari", lifecycle.TransferCommitment{To: "seuraaja", KelaConsent: true})
	for _, ch := range changes {
		fmt.Println(ch.Stream, "at version", ch.Version, "+", ch.Events[0].Type())
	}
	giver, _ := r.Commitment("apteekkari")
	receiver, _ := r.Commitment("seuraaja")
	fmt.Println("giver:", giver.Customership().Name(), giver.Pharmacies(), len(giver.History()), "events")
	fmt.Println("receiver:", receiver.Customership(), receiver.State(p), receiver.Pharmacies())
	// Output:
	// transfer-commitment of seuraaja refused: C5 (YTE 7): the commitment cannot be transferred to a third party without Kela's consent
	// party/apteekkari at version 10 + transfer-commitment
	// party/seuraaja at version 1 + commitment-received
	// giver: (not started) [] 11 events
	// receiver: active active [Keskusapteekki]
}

// Replay rebuilds a commitment from its history, verifying every event.
func ExampleReplay() {
	c, _ := commitment.New(commitment.Customer{ID: "klinikka", Kind: lifecycle.PrivateHealthCareProvider})
	p := lifecycle.Prescription
	c.Execute(notice.MustDate(2025, 1, 10), lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: exampleAccepts})
	c.Execute(notice.MustDate(2025, 1, 15), lifecycle.ApproveService{Service: p})

	history := c.History()
	again, err := commitment.Replay(history)
	fmt.Println(err, again.Customership(), again.State(p), len(again.History()))

	// A history that skips the approval does not replay.
	_, err = commitment.Replay(append(history[:6:6], history[7:]...))
	fmt.Println(err != nil)
	// Output:
	// <nil> active active 9
	// true
}
