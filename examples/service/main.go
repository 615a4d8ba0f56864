// Command service shows how a Go program puts Kela's register behind its
// own HTTP handlers, without kanta serve: a SQLite file as the store, the
// register loaded from it, and commands in the scenario vocabulary, each
// decided, stored and applied by store.Register. examples/README.md shows
// it with curl.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"time"

	_ "modernc.org/sqlite"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/scenario"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
)

func main() {
	h, err := open(context.Background(), "service-example.db")
	if err == nil {
		err = http.ListenAndServe("127.0.0.1:8081", h)
	}
	log.Fatal(err)
}

// open loads the register kept in the SQLite file at path and returns the
// handlers that serve it.
func open(ctx context.Context, path string) (http.Handler, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	st, err := sqlstore.Open(ctx, db, sqlstore.SQLite) // or PostgreSQL, shared by replicas
	if err != nil {
		return nil, err
	}
	reg, err := store.Open(ctx, st, time.Now) // every stream read and verified
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /parties", func(w http.ResponseWriter, r *http.Request) {
		var c commitment.Customer
		err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&c)
		if err == nil {
			err = reg.AddParty(r.Context(), c)
		}
		answer(w, c, err)
	})
	mux.HandleFunc("POST /commands", func(w http.ResponseWriter, r *http.Request) {
		var cmd scenario.Command // a step of the scenario format
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
		if err == nil {
			cmd, err = scenario.DecodeCommand("body", body)
		}
		var out store.Outcome
		if err == nil {
			out, err = reg.Execute(r.Context(), store.Request{On: cmd.On, Party: cmd.Party, Act: cmd.Act, Key: r.Header.Get("Idempotency-Key")})
		}
		if err == nil && out.Refusal != nil {
			w.WriteHeader(http.StatusConflict) // refused by the terms, with its rules and clauses
		}
		answer(w, out, err)
	})
	mux.HandleFunc("GET /parties/{id}", func(w http.ResponseWriter, r *http.Request) {
		c, _, err := reg.Party(r.Context(), lifecycle.PartyID(r.PathValue("id")), time.Time{})
		answer(w, c, err)
	})
	return mux, nil
}

// answer writes v as JSON, or err: a missing party is 404, input that does
// not decode or validate 400, and anything else 500.
func answer(w http.ResponseWriter, v any, err error) {
	status := http.StatusInternalServerError
	switch {
	case err == nil:
		_ = json.NewEncoder(w).Encode(v)
		return
	case errors.Is(err, store.ErrNotFound):
		status = http.StatusNotFound
	case errors.As(err, new(*lifecycle.InputError)), errors.As(err, new(*scenario.Error)), errors.As(err, new(*json.SyntaxError)):
		status = http.StatusBadRequest
	}
	http.Error(w, err.Error(), status)
}
