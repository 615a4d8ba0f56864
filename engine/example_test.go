package engine_test

import (
	"errors"
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// A ticket is opened, paid and closed. Each event is a Go type of its own.
type (
	openTicket  struct{}
	payTicket   struct{ Amount int }
	closeTicket struct{}
)

func (openTicket) EventID() engine.EventID  { return "open" }
func (payTicket) EventID() engine.EventID   { return "pay" }
func (closeTicket) EventID() engine.EventID { return "close" }

// ticket is the machine's subject: where it keeps its state, and what the
// events change besides.
type ticket struct {
	State engine.State
	Paid  notice.Date
}

// Define a machine, decide a step, apply it, and draw the machine.
func Example() {
	payer := engine.Actor{ID: "payer", Label: engine.Label{En: "the payer", Fi: "maksaja", Sv: "betalaren"}}
	m := engine.MustDefine(engine.Definition[ticket, struct{}]{
		Name:    "ticket",
		StateOf: func(t *ticket) *engine.State { return &t.State },
		States: []engine.StateSpec{
			{ID: "open", Label: engine.Label{En: "open", Fi: "avoin", Sv: "öppen"}},
			{ID: "paid", Label: engine.Label{En: "paid", Fi: "maksettu", Sv: "betald"}},
			{ID: "closed", Final: true, Label: engine.Label{En: "closed", Fi: "suljettu", Sv: "stängd"}},
		},
		Events: []engine.EventSpec[ticket]{
			engine.On[ticket, openTicket](engine.Label{En: "open"}, payer, nil),
			engine.On(engine.Label{En: "pay"}, payer, func(t *ticket, on notice.Date, _ payTicket) { t.Paid = on }),
			engine.On[ticket, closeTicket](engine.Label{En: "close"}, payer, nil),
		},
		Transitions: []engine.Transition[ticket, struct{}]{
			{Event: "open", From: []engine.State{engine.None}, To: "open", Rule: rules.C1},
			{Event: "pay", From: []engine.State{"open"}, To: "paid", Rule: rules.F1, Guards: []engine.Guard[ticket, struct{}]{
				{Rule: rules.F1, Label: engine.Label{En: "a positive amount"}, Check: func(s engine.Step[ticket, struct{}]) *engine.Unmet {
					if s.Event.(payTicket).Amount <= 0 {
						return &engine.Unmet{Reason: "nothing was paid", Input: fmt.Sprint(s.Event.(payTicket).Amount)}
					}
					return nil
				}},
			}},
			{Event: "close", From: []engine.State{"paid"}, To: "closed", Rule: rules.C8},
		},
	})

	on := notice.MustDate(2025, 3, 14)
	t := ticket{State: "open"}

	_, err := m.Decide(on, &t, struct{}{}, payTicket{Amount: 0})
	var r *engine.Refusal
	fmt.Println(errors.As(err, &r), errors.Is(err, rules.F1), r.Blockers[0].Input)

	to, err := m.Decide(on, &t, struct{}{}, payTicket{Amount: 10})
	fmt.Println(to, err, t.State) // Decide changes nothing
	m.Apply(&t, on, payTicket{Amount: 10}, to)
	fmt.Println(t.State, t.Paid)

	diagram, _ := engine.Diagram(m.Describe(), engine.Mermaid, engine.Finnish, engine.Compact)
	fmt.Print(diagram)
	// Output:
	// true true 0
	// paid <nil> open
	// paid 2025-03-14
	// %% The ticket lifecycle, labels in Finnish, compact style.
	// %% Drawn from the definition that runs; do not edit by hand.
	// %% Each edge: the events that lead between the two states, each with its rule; guards are left out.
	// %% ⏱ marks a transition made by the passage of time.
	// stateDiagram-v2
	//     state "open<br/>avoin" as open
	//     state "paid<br/>maksettu" as paid
	//     state "closed<br/>suljettu" as closed
	//     [*] --> open: open (C1)
	//     open --> paid: pay (F1)
	//     paid --> closed: close (C8)
	//     closed --> [*]
}
