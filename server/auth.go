package server

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/kantakit/kanta/internal/inputfile"
	"github.com/kantakit/kanta/lifecycle"
)

// The roles a token may have.
const (
	// RoleKela may do everything.
	RoleKela = "kela"
	// RoleParty may read its own party, the agreements it is a party to and
	// its apps, see its own obligations, and perform the acts whose actor it
	// is, on its own streams.
	RoleParty = "party"
)

// Identity is who a request comes from: its role and, for a party, which.
type Identity struct {
	Role  string
	Party lifecycle.PartyID
}

// Kela reports whether the identity is Kela's.
func (id Identity) Kela() bool { return id.Role == RoleKela }

// Tokens is the set of clients the service knows: for each, the SHA-256 of
// its bearer token, its role and its party. The tokens themselves are never
// kept, only their hashes.
type Tokens struct {
	entries []tokenEntry
}

type tokenEntry struct {
	hash [sha256.Size]byte
	id   Identity
}

// MaxTokensFile bounds the tokens file, a line per client: 1 MiB, some ten
// thousand clients. ReadTokens refuses a longer one.
const MaxTokensFile = 1 << 20

// ReadTokens reads a tokens file: one line per client, "SHA256-OF-TOKEN
// ROLE [PARTY]", ROLE kela or party, a party role with the party's
// identifier. Blank lines and lines starting with # are skipped. Any other
// line is an error naming it.
func ReadTokens(r io.Reader) (*Tokens, error) {
	t := &Tokens{}
	lr := &io.LimitedReader{R: r, N: MaxTokensFile + 1}
	sc := bufio.NewScanner(lr)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		bad := func(why string) error { return fmt.Errorf("tokens: line %d: %s", line, why) }
		if len(f) < 2 || len(f) > 3 {
			return nil, bad("a line is SHA256-OF-TOKEN ROLE [PARTY]")
		}
		sum, err := hex.DecodeString(f[0])
		if err != nil || len(sum) != sha256.Size {
			return nil, bad("the first field is the token's SHA-256 in hex (64 characters)")
		}
		e := tokenEntry{id: Identity{Role: f[1]}}
		copy(e.hash[:], sum)
		switch {
		case f[1] == RoleKela && len(f) == 2:
		case f[1] == RoleParty && len(f) == 3:
			e.id.Party = lifecycle.PartyID(f[2])
		case f[1] == RoleParty:
			return nil, bad("a party token names its party")
		case f[1] == RoleKela:
			return nil, bad("a kela token names no party")
		default:
			return nil, bad(fmt.Sprintf("unknown role %q (known: kela, party)", f[1]))
		}
		t.entries = append(t.entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	if lr.N == 0 {
		return nil, fmt.Errorf("tokens: the file has more than the %s a tokens file may have", inputfile.Size(MaxTokensFile))
	}
	return t, nil
}

// NewToken returns a new random bearer token and the line of the tokens
// file that admits it with role (and party, for a party token).
func NewToken(role string, party lifecycle.PartyID) (token, line string, err error) {
	switch {
	case role == RoleKela && party == "":
	case role == RoleParty && party != "":
	default:
		return "", "", fmt.Errorf("a kela token names no party, a party token names its party")
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	token = hex.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(token))
	line = hex.EncodeToString(sum[:]) + " " + role
	if party != "" {
		line += " " + string(party)
	}
	return token, line, nil
}

// keyScope is the prefix of the idempotency keys of who's commands in the
// store: "kela/" or "party/ID/" (identifiers hold no slash).
func (who Identity) keyScope() string {
	if who.Kela() {
		return "kela/"
	}
	return "party/" + string(who.Party) + "/"
}

// errUnauthenticated is a request without a known token.
var errUnauthenticated = errors.New("a request carries a known bearer token: Authorization: Bearer TOKEN")

// identify returns who sent r: the identity whose token's hash matches the
// bearer token's, compared in constant time with every entry.
func (t *Tokens) identify(r *http.Request) (Identity, error) {
	// The scheme's name is case-insensitive (RFC 9110, section 11.1).
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Identity{}, errUnauthenticated
	}
	sum := sha256.Sum256([]byte(token))
	found := -1
	for i := range t.entries {
		if subtle.ConstantTimeCompare(sum[:], t.entries[i].hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Identity{}, errUnauthenticated
	}
	return t.entries[found].id, nil
}
