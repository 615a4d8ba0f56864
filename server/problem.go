package server

import (
	"encoding/json"
	"net/http"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/rules"
)

// Problem is an error as RFC 9457 problem details: what a client reads by
// machine. A refusal also carries the rule of its first blocker, every rule,
// every clause and the blockers themselves.
type Problem struct {
	Type     string           `json:"type"`
	Title    string           `json:"title"`
	Status   int              `json:"status"`
	Detail   string           `json:"detail,omitempty"`
	Rule     rules.Rule       `json:"rule,omitempty"`
	Rules    []rules.Rule     `json:"rules,omitempty"`
	Clauses  []string         `json:"clauses,omitempty"`
	Blockers []engine.Blocker `json:"blockers,omitempty"`
}

// refusedType is the type URI of a refusal by the terms. Other problems
// are "about:blank", whose title is the status's own (RFC 9457, section
// 4.2.1): the library has no pages of its own for them.
const refusedType = "urn:kanta:refused"

// refused returns the problem of a refusal by the terms: 409, citing its
// rules and clauses.
func refused(r *engine.Refusal) Problem {
	p := Problem{Type: refusedType, Title: "refused by the terms", Status: http.StatusConflict,
		Detail: r.Error(), Rules: r.Rules(), Clauses: r.Citations(), Blockers: r.Blockers}
	if len(r.Blockers) > 0 {
		p.Rule = r.Blockers[0].Rule
	}
	return p
}

// problem returns a problem of status with detail.
func problem(status int, detail string) Problem {
	return Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

// write writes the problem as application/problem+json.
func (p Problem) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
