package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/kantakit/kanta/store"
)

// writeOneStatement writes a command with a single statement, which
// PostgreSQL runs as a transaction of its own: an append costs one round
// trip, not one per step and two more for BEGIN and COMMIT.
//
// Each step is a data-modifying WITH query: the key, each stream's row in
// name order, then the events (as arrays, unnested). A step runs only if
// the one before it wrote its row, which both orders the steps (the row
// locks are taken in name order, as in writeStatements) and stops them at
// the first refusal. The final SELECT counts what the steps wrote: if the
// key was there already, nothing was written and the command is a replay;
// if any other step wrote less than its rows, it calls kanta_refuse, whose
// error aborts the statement and so undoes the steps before. The
// refusals are the database's own: the key's unique index, the UPDATE that
// must find its row at the version read (PostgreSQL re-checks the row
// after waiting for a concurrent writer of it), the new stream's unique
// key, the events' primary key.
func (s *Store) writeOneStatement(ctx context.Context, cmd store.Command, plan []planned) error {
	var (
		q     strings.Builder
		args  []any
		steps []string // the WITH queries so far
		wrote []string // the conditions that each step after the key wrote all its rows
	)
	param := func(v any, cast string) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args)) + cast
	}
	// afterPrevious is the condition that the previous step wrote its row.
	afterPrevious := func(and string) string {
		if len(steps) == 0 {
			return ""
		}
		return and + "EXISTS (SELECT 1 FROM " + steps[len(steps)-1] + ")"
	}
	step := func(name, body string) {
		if len(steps) == 0 {
			q.WriteString("WITH ")
		} else {
			q.WriteString(",\n")
		}
		q.WriteString(name + " AS (" + body + " RETURNING 1)")
		steps = append(steps, name)
	}

	if cmd.Key != "" {
		step("k", "INSERT INTO idempotency (key, digest, result, created_at) VALUES ("+
			param(cmd.Key, "::text")+", "+param(cmd.Digest, "::text")+", "+param(nonNil(cmd.Result), "::bytea")+", "+param(s.timeArg(cmd.At), "::timestamptz")+
			") ON CONFLICT (key) DO NOTHING")
	}
	var (
		streams, days, types, heads []string
		seqs                        []int64
		data                        [][]byte
	)
	for i, p := range plan {
		var body string
		switch {
		case p.Expected == 0:
			body = "INSERT INTO streams (stream, version, due, head) SELECT " +
				param(p.Stream, "::text") + ", " + param(p.version, "::bigint") + ", " + param(dayArg(p.Due), "::text") + ", " + param(p.head, "::text") +
				afterPrevious(" WHERE ") +
				" ON CONFLICT (stream) DO UPDATE SET version = excluded.version, due = excluded.due, head = excluded.head WHERE streams.version = 0"
		case len(p.Events) == 0:
			body = "UPDATE streams SET due = " + param(dayArg(p.Due), "::text") +
				" WHERE stream = " + param(p.Stream, "::text") + " AND version = " + param(p.Expected, "::bigint") + afterPrevious(" AND ")
		default:
			body = "UPDATE streams SET version = " + param(p.version, "::bigint") + ", due = " + param(dayArg(p.Due), "::text") + ", head = " + param(p.head, "::text") +
				" WHERE stream = " + param(p.Stream, "::text") + " AND version = " + param(p.Expected, "::bigint") + " AND head = " + param(p.prev, "::text") + afterPrevious(" AND ")
		}
		step("s"+strconv.Itoa(i), body)
		wrote = append(wrote, "(SELECT count(*) FROM s"+strconv.Itoa(i)+") = 1")
		for j, e := range p.Events {
			streams = append(streams, p.Stream)
			seqs = append(seqs, p.Expected+int64(j)+1)
			day := ""
			if !e.On.IsZero() {
				day = e.On.String()
			}
			days = append(days, day)
			types = append(types, e.Type)
			data = append(data, nonNil(e.Data))
			heads = append(heads, p.heads[j])
		}
	}
	if len(streams) > 0 {
		step("e", "INSERT INTO events (stream, seq, on_day, recorded_at, type, data, hash) "+
			"SELECT v.stream, v.seq, NULLIF(v.on_day, ''), "+param(s.timeArg(cmd.At), "::timestamptz")+", v.type, v.data, v.hash FROM unnest("+
			param(streams, "::text[]")+", "+param(seqs, "::bigint[]")+", "+param(days, "::text[]")+", "+
			param(types, "::text[]")+", "+param(data, "::bytea[]")+", "+param(heads, "::text[]")+
			") AS v(stream, seq, on_day, type, data, hash)"+afterPrevious(" WHERE "))
		wrote = append(wrote, "(SELECT count(*) FROM e) = "+strconv.Itoa(len(streams)))
	}
	// The replay check comes first: with the key already there, no later
	// step ran, and that is no refusal.
	q.WriteString("\nSELECT ")
	if cmd.Key != "" {
		q.WriteString("(SELECT count(*) FROM k), CASE WHEN NOT EXISTS (SELECT 1 FROM k) THEN 0")
	} else {
		q.WriteString("1, CASE WHEN false THEN 0")
	}
	if len(wrote) > 0 {
		q.WriteString(" WHEN " + strings.Join(wrote, " AND ") + " THEN 0")
	} else {
		q.WriteString(" WHEN true THEN 0")
	}
	q.WriteString(" ELSE kanta_refuse() END")

	var keyed, refused int64
	if err := s.db.QueryRowContext(ctx, q.String(), args...).Scan(&keyed, &refused); err != nil {
		stream := ""
		if len(plan) > 0 {
			stream = plan[0].Stream
		}
		return s.refused(stream, err)
	}
	if keyed == 0 {
		var r store.Remembered
		if err := s.db.QueryRowContext(ctx, s.sql.keyRead, cmd.Key).Scan(&r.Digest, &r.Result); err != nil {
			return err
		}
		r.Result = nonNil(r.Result)
		return &replay{r}
	}
	return nil
}
