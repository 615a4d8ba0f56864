package scenario

import (
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Command is one act to run: a scenario step without its expectations. The
// service takes its commands in this form, written as JSON, so the scenario
// format, the command line and the HTTP API speak one vocabulary.
type Command struct {
	On    notice.Date
	Party lifecycle.PartyID // empty for an agreement's act, or an app's act that names only its app
	Do    string
	Act   lifecycle.Act
	// App is the registered app that an act on an app names; the act runs
	// on the party that holds it. Empty for register-app, which runs on its
	// step's party.
	App lifecycle.AppID
}

// DecodeCommand reads one command, written as a scenario step without
// `expect` in JSON (or YAML): {"on": "2025-01-10", "party": "hoiva", "do":
// "request-service", "service": …}. It is the same code that reads a
// scenario's steps, so every act and field of the scenario format is
// accepted here too. Parties, apps and agreements are taken as named; the
// register says whether they exist. A malformed command is an *Error whose
// File is name.
func DecodeCommand(name string, data []byte) (Command, error) {
	p := &parser{file: name, apps: map[string]string{}, agreements: map[string]bool{}, declared: map[string]bool{}, acts: acts(), open: true}
	root, err := p.decode(data)
	if err != nil {
		return Command{}, err
	}
	entries, err := p.mapping(root, "a command")
	if err != nil {
		return Command{}, err
	}
	for _, e := range entries {
		if e.key.Value == "expect" {
			return Command{}, p.errorf(e.key.Line, "a command has no expect: that belongs to a scenario's step")
		}
	}
	st, _, err := p.step(root)
	if err != nil {
		return Command{}, err
	}
	if st.Act == nil {
		return Command{}, p.errorf(root.Line, "the command names no act (do)")
	}
	return Command{On: st.On, Party: lifecycle.PartyID(st.Party), Do: st.Do, Act: st.Act, App: lifecycle.AppID(st.app)}, nil
}
