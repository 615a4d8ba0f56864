package lifecycle

import (
	"encoding/json"
	"math/bits"
)

// SuspensionSet is the set of reasons a service's connection is closed for
// (S4, YTE 5). It is a small value: a copy of a use has its own suspensions,
// and suspending allocates nothing. It holds only the reasons of
// SuspensionReasons. Its JSON form is the list of its reasons, in the order
// of SuspensionReasons; a use's JSON omits an empty set.
type SuspensionSet uint8

// suspensionBit returns the bit of reason r in a SuspensionSet, or false
// when r is not a reason of YTE 5.
func suspensionBit(r SuspensionReason) (SuspensionSet, bool) {
	for i := range suspensionReasons {
		if suspensionReasons[i] == r {
			return 1 << i, true
		}
	}
	return 0, false
}

// SuspensionsOf returns the set of reasons, or an *UnknownError naming the
// first that is not a suspension reason.
func SuspensionsOf(reasons ...SuspensionReason) (SuspensionSet, error) {
	var s SuspensionSet
	for _, r := range reasons {
		b, ok := suspensionBit(r)
		if !ok {
			_, err := ParseSuspensionReason(string(r))
			return 0, err
		}
		s |= b
	}
	return s, nil
}

// Has reports whether r is in the set.
func (s SuspensionSet) Has(r SuspensionReason) bool {
	b, ok := suspensionBit(r)
	return ok && s&b != 0
}

// Len returns the number of reasons in the set.
func (s SuspensionSet) Len() int { return bits.OnesCount8(uint8(s)) }

// Reasons returns the reasons in the set, in the order of SuspensionReasons,
// as a new slice; nil for the empty set.
func (s SuspensionSet) Reasons() []SuspensionReason {
	var out []SuspensionReason
	for i, r := range suspensionReasons {
		if s&(1<<i) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// MarshalJSON writes the set as the list of its reasons.
func (s SuspensionSet) MarshalJSON() ([]byte, error) {
	r := s.Reasons()
	if r == nil {
		r = []SuspensionReason{}
	}
	return json.Marshal(r)
}

// UnmarshalJSON reads a list of reasons; a reason that is not one of YTE 5's
// is an error, and the set is left as it was.
func (s *SuspensionSet) UnmarshalJSON(b []byte) error {
	var reasons []SuspensionReason
	if err := json.Unmarshal(b, &reasons); err != nil {
		return err
	}
	set, err := SuspensionsOf(reasons...)
	if err != nil {
		return err
	}
	*s = set
	return nil
}
