package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// ErrBusy reports a command that met a conflict on every attempt: other
// writers kept changing its streams. Nothing was written; try again later.
var ErrBusy = errors.New("store: the streams kept changing; the command was not applied")

// ErrNotFound reports a party or an agreement that the store does not hold
// (as known at the time asked).
var ErrNotFound = errors.New("store: not found")

// Register is Kela's register kept in a Store: a commitment.Register in
// memory, loaded from the store at Open and kept current with what other
// writers append, and every command decided on it, appended to the store
// and only then applied. Several Registers in several processes may share
// one store: each command is appended with the versions it was decided on,
// so a command decided on a stale stream is refused by the store
// (ErrConflict), and the Register reloads the streams and decides again, up
// to Retries times.
//
// Commands are serialised within a Register; reads of one party go to the
// store, so they see what every writer appended.
type Register struct {
	store Store
	clock func() time.Time
	opts  []commitment.Option
	// Retries is how many times a command is decided again after a
	// conflict before Execute gives up with ErrBusy.
	Retries int

	mu  sync.Mutex
	reg *commitment.Register
}

// Open loads every stream of s into a new Register, verifying each history
// as commitment.Replay does: the parties first, then the agreements, whose
// signings are checked against their parties. clock gives the recording
// time of every event appended; opts configure the commitments.
func Open(ctx context.Context, s Store, clock func() time.Time, opts ...commitment.Option) (*Register, error) {
	if clock == nil {
		return nil, fmt.Errorf("store: a Register needs a clock")
	}
	r := &Register{store: s, clock: clock, opts: opts, Retries: 8, reg: commitment.NewRegister(opts...)}
	for _, prefix := range []string{partyPrefix, agreementPrefix} {
		if err := loadAll(ctx, s, prefix, r.reg); err != nil {
			return nil, err
		}
	}
	return r, nil
}

const (
	partyPrefix     = "party/"
	agreementPrefix = "agreement/"
)

// loadAll restores every stream whose name begins with prefix into reg.
func loadAll(ctx context.Context, s Store, prefix string, reg *commitment.Register) error {
	var stream, head string
	var events []commitment.Event
	flush := func() error {
		if stream == "" {
			return nil
		}
		if err := reg.Restore(stream, events); err != nil {
			return fmt.Errorf("store: %s: %w", stream, err)
		}
		return nil
	}
	err := s.Scan(ctx, prefix, time.Time{}, func(rec Record) error {
		if rec.Stream != stream {
			if err := flush(); err != nil {
				return err
			}
			stream, head, events = rec.Stream, "", events[:0]
		}
		e, err := decodeRecord(head, rec)
		if err != nil {
			return err
		}
		head = rec.Head
		events = append(events, e)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// decodeRecord returns the event of rec, whose predecessor's chain hash is
// prev, after checking rec's own: an event changed in the database after
// it was appended is refused, naming its stream, even where the history
// would still make sense.
func decodeRecord(prev string, rec Record) (commitment.Event, error) {
	if ChainHead(prev, rec.Seq, Event{On: rec.On, Type: rec.Type, Data: rec.Data}) != rec.Head {
		return nil, fmt.Errorf("store: %s event %d is not as it was appended: its chain hash differs", rec.Stream, rec.Seq)
	}
	e, err := commitment.UnmarshalEvent(rec.Data)
	if err != nil {
		return nil, fmt.Errorf("store: %s event %d: %w", rec.Stream, rec.Seq, err)
	}
	return e, nil
}

// Outcome is what a command came to: the events it appended, as the
// library's JSON of each (commitment.MarshalEvent), stream after stream,
// and every touched stream's new version; or the refusal that stopped it.
// Replayed says the outcome was stored before, for the same idempotency
// key, and is given again.
type Outcome struct {
	Events   []json.RawMessage `json:"events,omitempty"`
	Versions map[string]int64  `json:"versions,omitempty"`
	Refusal  *engine.Refusal   `json:"refusal,omitempty"`
	Replayed bool              `json:"-"`
}

// Request is one act to decide: its day, the party it runs on and the act.
// Party is empty for an agreement's act, and may be for an act on a
// registered app, which then runs on the app's holder. Key, when set, is
// its idempotency key.
type Request struct {
	On    notice.Date
	Party lifecycle.PartyID
	Act   lifecycle.Act
	Key   string
}

// digest returns a hash of the command's content, without its key: two
// commands with the same key must have the same digest.
func (c Request) digest() (string, error) {
	act, err := json.Marshal(c.Act)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(struct {
		On    notice.Date       `json:"on"`
		Party lifecycle.PartyID `json:"party"`
		Do    engine.EventID    `json:"do"`
		Act   json.RawMessage   `json:"act"`
	}{c.On, c.Party, c.Act.EventID(), act})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Execute decides cmd on the register as the store holds it, appends what
// it decided to every stream it touches in one append, and applies it. A
// refused command is an Outcome with its Refusal, not an error; with a key,
// its refusal is stored too, so the same key gets the same answer. A
// malformed command is a *lifecycle.InputError and nothing is stored. A key
// used before with other content is ErrKeyReused; conflicts on every
// attempt are ErrBusy. A context that ends stops the command. When the
// append's answer is lost (the connection dropped), the command may or may
// not have been stored: send it again with the same key to find out.
func (r *Register) Execute(ctx context.Context, cmd Request) (Outcome, error) {
	if cmd.Act == nil {
		return Outcome{}, &lifecycle.InputError{Field: "act", Reason: "no act given"}
	}
	var digest string
	if cmd.Key != "" {
		var err error
		if digest, err = cmd.digest(); err != nil {
			return Outcome{}, err
		}
		if out, ok, err := r.remembered(ctx, cmd.Key, digest); ok || err != nil {
			return out, err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for range r.Retries + 1 {
		if err := ctx.Err(); err != nil {
			return Outcome{}, err
		}
		if app, ok := lifecycle.AppOf(cmd.Act); ok && cmd.Party == "" {
			if holder, held := r.reg.AppHolder(app); held {
				cmd.Party = holder
			}
		}
		if err := r.refreshFor(ctx, cmd); err != nil {
			return Outcome{}, err
		}
		changes, err := r.reg.Decide(cmd.On, cmd.Party, cmd.Act)
		var refusal *engine.Refusal
		switch {
		case errors.As(err, &refusal):
			out := Outcome{Refusal: refusal}
			if cmd.Key == "" {
				return out, nil
			}
			return r.append(ctx, cmd.Key, digest, out, nil)
		case err != nil:
			return Outcome{}, err
		}
		out, appends, err := outcome(changes)
		if err != nil {
			return Outcome{}, err
		}
		got, err := r.append(ctx, cmd.Key, digest, out, appends)
		if errors.Is(err, ErrConflict) {
			if err := r.reload(ctx, streamsOf(changes)); err != nil {
				return Outcome{}, err
			}
			continue
		}
		if err != nil || got.Replayed {
			return got, err
		}
		if err := r.reg.Apply(changes); err != nil {
			// The store has the command; the register reloads what it holds.
			if err := r.reload(ctx, streamsOf(changes)); err != nil {
				return Outcome{}, err
			}
		}
		return got, nil
	}
	return Outcome{}, ErrBusy
}

// append appends a command's streams (none for a refusal) with its key and
// its outcome, and returns the outcome, or the one stored earlier for the
// key.
func (r *Register) append(ctx context.Context, key, digest string, out Outcome, appends []StreamAppend) (Outcome, error) {
	if key == "" && len(appends) == 0 {
		return out, nil
	}
	var result []byte
	if key != "" {
		var err error
		if result, err = json.Marshal(out); err != nil {
			return Outcome{}, err
		}
	}
	done, err := r.store.Append(ctx, Command{Key: key, Digest: digest, Result: result, At: r.clock(), Streams: appends})
	if err != nil {
		return Outcome{}, err
	}
	if done.Replayed {
		return decodeOutcome(done.Result)
	}
	return out, nil
}

// remembered returns the outcome stored for key, if there is one.
func (r *Register) remembered(ctx context.Context, key, digest string) (Outcome, bool, error) {
	m, ok, err := r.store.Remembered(ctx, key)
	if err != nil || !ok {
		return Outcome{}, false, err
	}
	a, err := m.Answer(key, digest)
	if err != nil {
		return Outcome{}, true, err
	}
	out, err := decodeOutcome(a.Result)
	return out, true, err
}

func decodeOutcome(b []byte) (Outcome, error) {
	var out Outcome
	if err := json.Unmarshal(b, &out); err != nil {
		return Outcome{}, fmt.Errorf("store: a stored outcome: %w", err)
	}
	out.Replayed = true
	return out, nil
}

// outcome returns what a decision appends, as the store's appends and as
// the outcome a caller is told.
func outcome(changes []commitment.Change) (Outcome, []StreamAppend, error) {
	out := Outcome{Versions: map[string]int64{}}
	var appends []StreamAppend
	for _, ch := range changes {
		a := StreamAppend{Stream: ch.Stream, Expected: int64(ch.Version), Due: ch.Due}
		for _, e := range ch.Events {
			data, err := commitment.MarshalEvent(e)
			if err != nil {
				return Outcome{}, nil, err
			}
			a.Events = append(a.Events, Event{On: e.Date(), Type: e.Type(), Data: data})
			out.Events = append(out.Events, data)
		}
		out.Versions[ch.Stream] = int64(ch.Version + len(ch.Events))
		appends = append(appends, a)
	}
	return out, appends, nil
}

func streamsOf(changes []commitment.Change) []string {
	out := make([]string, len(changes))
	for i, ch := range changes {
		out[i] = ch.Stream
	}
	return out
}

// involved returns the streams a command reads: its party's, the
// agreements it names or its party is in, and the other party of a
// transfer or a signing.
func (r *Register) involved(cmd Request) []string {
	var out []string
	add := func(p lifecycle.PartyID) {
		if p == "" {
			return
		}
		out = append(out, commitment.PartyStream(p))
		if c, ok := r.reg.Commitment(p); ok {
			for _, a := range c.Agreements() {
				out = append(out, commitment.AgreementStream(a.Agreement))
			}
		}
	}
	add(cmd.Party)
	switch a := cmd.Act.(type) {
	case lifecycle.TransferCommitment:
		add(a.To)
	case lifecycle.SignJointAgreement:
		add(a.Main)
		add(a.Tenant)
	}
	if id, ok := lifecycle.AgreementOf(cmd.Act); ok {
		out = append(out, commitment.AgreementStream(id))
		if ag, ok := r.reg.Agreement(id); ok {
			add(ag.Main)
			add(ag.Tenant)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// refreshFor brings the streams cmd reads up to date. What they are is
// known only as they are read: a party's stream, read again, may name an
// agreement another writer signed, and that agreement its other party; so
// the streams are worked out again until reading them adds none.
func (r *Register) refreshFor(ctx context.Context, cmd Request) error {
	done := map[string]bool{}
	for {
		var todo []string
		for _, s := range r.involved(cmd) {
			if !done[s] {
				todo = append(todo, s)
				done[s] = true
			}
		}
		if len(todo) == 0 {
			return nil
		}
		if err := r.refresh(ctx, todo); err != nil {
			return err
		}
	}
}

// refresh brings the named streams up to date with the store: a stream at
// another version in the store than in the register is read again.
func (r *Register) refresh(ctx context.Context, streams []string) error {
	var stale []string
	for _, s := range streams {
		v, err := r.store.Version(ctx, s)
		if err != nil {
			return err
		}
		if int(v) != r.reg.Version(s) {
			stale = append(stale, s)
		}
	}
	return r.reload(ctx, stale)
}

// reload reads streams again from the store: the events after the version
// the register holds are verified and applied (commitment.Register.Follow).
// Parties come first, so an agreement's signing finds them.
func (r *Register) reload(ctx context.Context, streams []string) error {
	slices.SortFunc(streams, func(a, b string) int {
		pa, pb := strings.HasPrefix(a, partyPrefix), strings.HasPrefix(b, partyPrefix)
		switch {
		case pa && !pb:
			return -1
		case pb && !pa:
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, s := range streams {
		recs, err := r.store.Load(ctx, s, time.Time{})
		if err != nil {
			return err
		}
		have := r.reg.Version(s)
		if len(recs) < have {
			return fmt.Errorf("store: %s holds %d events, fewer than the %d already read", s, len(recs), have)
		}
		events := make([]commitment.Event, 0, len(recs)-have)
		for i, rec := range recs[have:] {
			prev := ""
			if have+i > 0 {
				prev = recs[have+i-1].Head
			}
			e, err := decodeRecord(prev, rec)
			if err != nil {
				return err
			}
			events = append(events, e)
		}
		if len(events) == 0 {
			continue
		}
		if signers := signatories(events); len(signers) > 0 {
			// An agreement's signing is checked against its parties'
			// histories, which may be newer than this writer has read.
			if err := r.refresh(ctx, signers); err != nil {
				return err
			}
		}
		if err := r.reg.Follow(s, events); err != nil {
			return fmt.Errorf("store: %s: %w", s, err)
		}
	}
	return nil
}

// signatories returns the streams of the parties of the agreement whose
// signing is among events, if it is.
func signatories(events []commitment.Event) []string {
	for _, e := range events {
		if t, ok := e.(commitment.Transitioned); ok {
			if sign, ok := t.Event.(lifecycle.SignJointAgreement); ok {
				return []string{commitment.PartyStream(sign.Main), commitment.PartyStream(sign.Tenant)}
			}
		}
	}
	return nil
}

// AddParty registers customer: its stream starts with its registered event.
// A party registered before, by this or another writer, is a
// *lifecycle.InputError.
func (r *Register) AddParty(ctx context.Context, customer commitment.Customer) error {
	c, err := commitment.New(customer, r.opts...)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	stream := commitment.PartyStream(customer.ID)
	if err := r.refresh(ctx, []string{stream}); err != nil {
		return err
	}
	exists := &lifecycle.InputError{Field: "id", Value: string(customer.ID), Reason: "the register already has this party"}
	if r.reg.Version(stream) > 0 {
		return exists
	}
	change := commitment.Change{Stream: stream, Events: c.History()}
	_, appends, err := outcome([]commitment.Change{change})
	if err != nil {
		return err
	}
	if _, err := r.append(ctx, "", "", Outcome{}, appends); err != nil {
		if errors.Is(err, ErrConflict) {
			return exists
		}
		return err
	}
	return r.reg.Apply([]commitment.Change{change})
}

// Advance lets time pass up to and including day to for every stream the
// store's due index lists as due by then, each in its own append, and
// returns how many streams changed. A stream another writer advanced first
// is read again and left as it is. A stream that fails is reported in the
// error, joined with the others that failed, and the rest still advance.
func (r *Register) Advance(ctx context.Context, to notice.Date) (int, error) {
	due, err := r.store.Due(ctx, to)
	if err != nil {
		return 0, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	advanced := 0
	var errs []error
	for _, stream := range due {
		if ctx.Err() != nil {
			errs = append(errs, ctx.Err())
			break
		}
		changed, err := r.advanceStream(ctx, stream, to)
		if err != nil {
			// One stream that cannot advance holds back no other.
			errs = append(errs, fmt.Errorf("store: advancing %s: %w", stream, err))
			continue
		}
		if changed {
			advanced++
		}
	}
	return advanced, errors.Join(errs...)
}

func (r *Register) advanceStream(ctx context.Context, stream string, to notice.Date) (bool, error) {
	for range r.Retries + 1 {
		if err := r.refresh(ctx, []string{stream}); err != nil {
			return false, err
		}
		changes, err := r.reg.DecideAdvance(to, stream)
		if err != nil || len(changes) == 0 {
			return false, err
		}
		_, appends, err := outcome(changes)
		if err != nil {
			return false, err
		}
		if _, err := r.append(ctx, "", "", Outcome{}, appends); errors.Is(err, ErrConflict) {
			continue
		} else if err != nil {
			return false, err
		}
		return true, r.reg.Apply(changes)
	}
	return false, ErrBusy
}

// Party returns party id's commitment as the store holds it, with its
// version; with knownAt not zero, as it was known then: replayed from the
// events recorded at or before it. A party the store does not hold (then)
// is ErrNotFound.
func (r *Register) Party(ctx context.Context, id lifecycle.PartyID, knownAt time.Time) (*commitment.Commitment, int64, error) {
	recs, err := r.store.Load(ctx, commitment.PartyStream(id), knownAt)
	if err != nil {
		return nil, 0, err
	}
	if len(recs) == 0 {
		return nil, 0, ErrNotFound
	}
	events := make([]commitment.Event, len(recs))
	head := ""
	for i, rec := range recs {
		if events[i], err = decodeRecord(head, rec); err != nil {
			return nil, 0, err
		}
		head = rec.Head
	}
	c, err := commitment.Replay(events, r.opts...)
	if err != nil {
		return nil, 0, err
	}
	return c, int64(len(recs)), nil
}

// Exists reports whether the store holds party id, as every writer has
// appended it: one look at the stream's version, no replay.
func (r *Register) Exists(ctx context.Context, id lifecycle.PartyID) (bool, error) {
	v, err := r.store.Version(ctx, commitment.PartyStream(id))
	return v > 0, err
}

// History returns a stream's stored events, oldest first.
func (r *Register) History(ctx context.Context, stream string) ([]Record, error) {
	return r.store.Load(ctx, stream, time.Time{})
}

// Sync brings the whole register up to date with the store: every stream
// at another version in the store than in memory is read again.
func (r *Register) Sync(ctx context.Context) error {
	versions, err := r.store.Versions(ctx, "")
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var stale []string
	for s, v := range versions {
		if int(v) != r.reg.Version(s) {
			stale = append(stale, s)
		}
	}
	return r.reload(ctx, stale)
}

// Read calls f with the register, brought up to date with the store, under
// the Register's lock: for reads across parties, such as agreements, apps
// and obligations. f must not keep the register.
func (r *Register) Read(ctx context.Context, f func(*commitment.Register) error) error {
	if err := r.Sync(ctx); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return f(r.reg)
}

// Ping reports whether the store answers.
func (r *Register) Ping(ctx context.Context) error {
	_, err := r.store.Version(ctx, partyPrefix)
	return err
}
