package lifecycle

// Description is a machine's definition as plain data, without its guard
// functions: what diagrams and test-path generators read. It is derived from
// the same definition that runs, so the two cannot drift apart.
type Description struct {
	Name        string
	States      []StateInfo
	Transitions []TransitionInfo
}

// TransitionInfo describes one transition: its event, sources, target, the
// rule that governs it, the branch it takes (empty when unconditional),
// whether it happens by the passage of time, and its guards.
type TransitionInfo struct {
	Event  EventID
	From   []State
	To     State
	Rule   Rule
	When   string
	Timed  bool
	Guards []GuardInfo
}

// GuardInfo describes a guard: the rule it enforces and a few words on what
// it checks.
type GuardInfo struct {
	Rule  Rule
	Label string
}

// Describer is implemented by every Machine: it returns the machine's
// Description.
type Describer interface {
	Describe() Description
}

// Describe returns the machine's definition as data. The result is a copy.
func (m *Machine[C]) Describe() Description {
	d := Description{Name: m.name, States: append([]StateInfo(nil), m.states...)}
	for _, t := range m.transitions {
		ti := TransitionInfo{
			Event: t.Event,
			From:  append([]State(nil), t.From...),
			To:    t.To,
			Rule:  t.Rule,
			Timed: t.Timed,
		}
		if t.When != nil {
			ti.When = t.When.Label
		}
		for _, g := range t.Guards {
			ti.Guards = append(ti.Guards, GuardInfo{Rule: g.Rule, Label: g.Label})
		}
		d.Transitions = append(d.Transitions, ti)
	}
	return d
}

// Initial returns the transitions that start the machine (from None).
func (d Description) Initial() []TransitionInfo {
	var out []TransitionInfo
	for _, t := range d.Transitions {
		for _, f := range t.From {
			if f == None {
				out = append(out, t)
				break
			}
		}
	}
	return out
}
