package notice

// Roll says what to do with a computed latest notice day that is not a
// working day (a Saturday, Sunday or holiday of act 150/1930 §5).
//
// The act lets the last day for an act move to the next working day (§5).
// Moving a before-effect deadline later shortens the notice, and §4 brings
// only §2–§3 into backward counting, so the act does not settle which way a
// contractual deadline goes: the caller chooses, and a Calculation records
// the choice. The zero Roll is RollNone, the plain calendar.
type Roll uint8

const (
	// RollNone keeps the day the calendar count gives, working day or not.
	RollNone Roll = iota
	// RollForward moves a non-working day to the next working day, following
	// the wording of act 150/1930 §5.
	RollForward
	// RollBackward moves a non-working day to the previous working day, so a
	// notice is never short (conservative).
	RollBackward
)

// String returns the stable identifier: "none", "forward" or "backward".
func (r Roll) String() string {
	switch r {
	case RollNone:
		return "none"
	case RollForward:
		return "forward"
	case RollBackward:
		return "backward"
	}
	return ""
}

// ParseRoll reads "none", "forward" or "backward". Anything else is refused
// with a *ParseError that carries the input.
func ParseRoll(s string) (Roll, error) {
	switch s {
	case "none":
		return RollNone, nil
	case "forward":
		return RollForward, nil
	case "backward":
		return RollBackward, nil
	}
	return RollNone, &ParseError{Value: s, Expected: `a roll: "none", "forward" or "backward"`}
}

// MarshalText writes the stable identifier.
func (r Roll) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a stable identifier; empty text is RollNone.
func (r *Roll) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = RollNone
		return nil
	}
	q, err := ParseRoll(string(b))
	if err != nil {
		return err
	}
	*r = q
	return nil
}

// Apply returns d moved as r says when d is not a working day in c: to the
// next working day (RollForward), to the previous one (RollBackward), or not
// at all (RollNone). A working day is returned unchanged.
func (r Roll) Apply(c Calendar, d Date) Date {
	step := r.step()
	if step == 0 {
		return d
	}
	for !c.IsWorkingDay(d) {
		d = d.AddDays(step)
	}
	return d
}

// step is the direction r moves a day in: +1, -1 or 0.
func (r Roll) step() int {
	switch r {
	case RollForward:
		return 1
	case RollBackward:
		return -1
	}
	return 0
}
