package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver for postgres:// URLs
	_ "modernc.org/sqlite"             // registers the "sqlite" driver for sqlite:PATH URLs

	"github.com/kantakit/kanta/internal/inputfile"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/server"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
)

// serveCommand is `kanta serve` (docs/service.md): the register over HTTP.
func serveCommand() command {
	return command{
		name:     "serve",
		synopsis: "[--addr 127.0.0.1:8080] [--db sqlite:kanta.db|postgres://…] [--tokens FILE] [--today YYYY-MM-DD]",
		summary:  "serve the register over HTTP JSON, on SQLite (one process) or PostgreSQL (several replicas)",
		setup:    setupServe,
	}
}

// defaultDB is the embedded default: a SQLite file beside the process.
const defaultDB = "sqlite:kanta.db"

func setupServe(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	addr := fs.String("addr", "127.0.0.1:8080", "the `ADDRESS` to listen on; without --tokens only a loopback address")
	dbURL := fs.String("db", "", "the `URL` of the database: sqlite:PATH or postgres://…; default $KANTA_DB, else "+defaultDB)
	tokens := fs.String("tokens", "", "the `FILE` of client tokens, one \"SHA256-OF-TOKEN ROLE [PARTY]\" per line; without it, development mode")
	today := fs.String("today", "", "the `DAY` the due-date worker advances to, YYYY-MM-DD; default today in Finland")
	return func(_ []string, stdout, stderr io.Writer) int {
		log := slog.New(slog.NewJSONHandler(stderr, nil))
		cfg := serveConfig{addr: *addr, db: *dbURL, tokensFile: *tokens, log: log}
		if cfg.db == "" {
			cfg.db = os.Getenv("KANTA_DB")
		}
		if cfg.db == "" {
			cfg.db = defaultDB
		}
		if *today != "" {
			d, err := notice.Parse(*today)
			if err != nil {
				return fail(stderr, "serve", fmt.Errorf("--today: %w", err))
			}
			cfg.today = d
		}
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		defer stop()
		if err := serve(ctx, cfg); err != nil {
			var bad badInput
			if errors.As(err, &bad) {
				return fail(stderr, "serve", err)
			}
			log.Error("stopped", slog.String("error", err.Error()))
			return exitFailed
		}
		return exitOK
	}
}

// badInput is an error of the command line: exit 2.
type badInput struct{ error }

type serveConfig struct {
	addr, db, tokensFile string
	today                notice.Date
	log                  *slog.Logger
}

// serve runs the service until ctx ends, then finishes the requests in
// flight.
func serve(ctx context.Context, cfg serveConfig) error {
	var tokens *server.Tokens
	if cfg.tokensFile != "" {
		f, err := inputfile.Open(cfg.tokensFile, server.MaxTokensFile, readsMore)
		if err != nil {
			return badInput{fmt.Errorf("--tokens: %w", err)}
		}
		tokens, err = server.ReadTokens(f)
		f.Close()
		if err != nil {
			return badInput{fmt.Errorf("--tokens: %w", err)}
		}
	} else if !loopback(cfg.addr) {
		return badInput{fmt.Errorf("--addr %s: without --tokens the service runs in development mode and listens only on a loopback address", cfg.addr)}
	}
	db, dialect, err := openDB(cfg.db)
	if err != nil {
		return badInput{fmt.Errorf("--db: %w", err)}
	}
	defer db.Close()
	// Requests run at once, each with a query or two: idle connections are
	// kept for them rather than opened anew (a server process each, on
	// PostgreSQL) for nearly every query.
	db.SetMaxIdleConns(maxIdleConns)
	st, err := sqlstore.Open(ctx, db, dialect)
	if err != nil {
		return fmt.Errorf("opening the store: %w", err)
	}
	reg, err := store.Open(ctx, st, time.Now)
	if err != nil {
		return fmt.Errorf("loading the register: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return badInput{fmt.Errorf("--addr: %w", err)}
	}
	srv := &http.Server{
		Handler:           server.New(server.Config{Register: reg, Tokens: tokens, Logger: cfg.log}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	mode := "tokens"
	if tokens == nil {
		mode = "development: no tokens, loopback only"
	}
	cfg.log.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("db", dialect.String()), slog.String("access", mode))
	go worker(ctx, reg, cfg)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cfg.log.Info("shutting down: finishing the requests in flight")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// worker lets time pass for the streams that fall due: at start, and then
// whenever the day changes. A replica racing another on a stream resolves
// by the store's conflict check, so each due change is stored once.
func worker(ctx context.Context, reg *store.Register, cfg serveConfig) {
	day := func() notice.Date {
		if !cfg.today.IsZero() {
			return cfg.today
		}
		return notice.FromTime(time.Now())
	}
	var done notice.Date
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if d := day(); d != done {
			n, err := reg.Advance(ctx, d)
			if err != nil {
				cfg.log.Error("advancing", slog.String("to", d.String()), slog.String("error", err.Error()))
			} else {
				cfg.log.Info("advanced", slog.String("to", d.String()), slog.Int("streams", n))
				done = d
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// loopback reports whether addr listens only on a loopback address.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// maxIdleConns is how many database connections kanta serve keeps open
// between requests.
const maxIdleConns = 32

// openDB opens the database a URL names: sqlite:PATH or postgres://….
func openDB(url string) (*sql.DB, sqlstore.Dialect, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" || strings.HasPrefix(path, ":memory:") {
			return nil, 0, fmt.Errorf("sqlite:PATH names a file")
		}
		db, err := sql.Open("sqlite", path)
		return db, sqlstore.SQLite, err
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err := sql.Open("pgx", url)
		return db, sqlstore.Postgres, err
	}
	return nil, 0, fmt.Errorf("%s: a database URL is sqlite:PATH or postgres://…", notice.Excerpt(url))
}

// tokenCommand is `kanta token ROLE [PARTY]`: a new client token.
func tokenCommand() command {
	return command{
		name:     "token",
		synopsis: "kela | party PARTY",
		summary:  "print a new random bearer token and the line that admits it in the --tokens file",
		args:     true,
		setup: func(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(args []string, stdout, stderr io.Writer) int {
				if len(args) == 0 || len(args) > 2 {
					return fail(stderr, "token", errors.New("usage: kanta token kela | kanta token party PARTY"))
				}
				var party string
				if len(args) == 2 {
					party = args[1]
				}
				tok, line, err := server.NewToken(args[0], lifecycle.PartyID(party))
				if err != nil {
					return fail(stderr, "token", err)
				}
				fmt.Fprintf(stdout, "token: %s\nline:  %s\n", tok, line)
				return exitOK
			}
		},
	}
}
