package loadtest_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/kantakit/kanta/internal/loadtest"
	"github.com/kantakit/kanta/server"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
)

// BenchmarkLoad runs the end-to-end test's load, b.N commands from 16
// clients over 40 parties, against one replica of the service and against
// the store's register called directly, on SQLite and (with KANTA_PG_URL)
// PostgreSQL. Besides ns per command it reports commands per second and
// the p50, p99 and max latency of one command.
func BenchmarkLoad(b *testing.B) {
	engines := []string{"sqlite"}
	if os.Getenv("KANTA_PG_URL") != "" {
		engines = append(engines, "postgres")
	}
	for _, engine := range engines {
		for _, via := range []string{"service", "store"} {
			b.Run(engine+"/"+via, func(b *testing.B) {
				reg := openRegister(b, engine)
				srv := httptest.NewServer(server.New(server.Config{Register: reg}))
				b.Cleanup(srv.Close)
				cfg := loadtest.Config{Replicas: []string{srv.URL}, Clients: 16, Commands: b.N, Parties: 40, Seed: 1, Retries: 4}
				ctx := context.Background()
				require.NoError(b, loadtest.Setup(ctx, cfg))
				send := loadtest.HTTP(cfg)
				if via == "store" {
					send = loadtest.Direct(reg)
				}
				plans := loadtest.Plan(cfg)
				b.ResetTimer()
				rep := loadtest.Run(ctx, cfg, plans, send)
				b.StopTimer()
				require.Equal(b, len(rep.Answers), rep.ByStatus[http.StatusOK]+rep.ByStatus[http.StatusConflict],
					"every answer is an acceptance or a refusal: %v", rep.ByStatus)
				b.ReportMetric(rep.PerSecond(), "cmd/s")
				b.ReportMetric(float64(rep.Percentile(0.5).Microseconds()), "p50-µs")
				b.ReportMetric(float64(rep.Percentile(0.99).Microseconds()), "p99-µs")
				b.ReportMetric(float64(rep.Percentile(1).Microseconds()), "max-µs")
			})
		}
	}
}

// openRegister opens a register on a fresh database of engine.
func openRegister(b *testing.B, engine string) *store.Register {
	var db *sql.DB
	dialect := sqlstore.SQLite
	var err error
	if engine == "sqlite" {
		db, err = sql.Open("sqlite", filepath.Join(b.TempDir(), "kanta.db"))
	} else {
		dialect = sqlstore.Postgres
		db, err = sql.Open("pgx", freshDatabase(b))
	}
	require.NoError(b, err)
	db.SetMaxIdleConns(32) // as kanta serve does: the 16 clients' queries reuse connections
	b.Cleanup(func() { db.Close() })
	st, err := sqlstore.Open(context.Background(), db, dialect)
	require.NoError(b, err)
	reg, err := store.Open(context.Background(), st, time.Now)
	require.NoError(b, err)
	return reg
}

// freshDatabase creates a database of its own on the server of
// KANTA_PG_URL, dropped when b ends, and returns its URL.
func freshDatabase(b *testing.B) string {
	base := os.Getenv("KANTA_PG_URL")
	admin, err := sql.Open("pgx", base)
	require.NoError(b, err)
	defer admin.Close()
	name := fmt.Sprintf("kanta_load_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	_, err = admin.Exec("CREATE DATABASE " + name)
	require.NoError(b, err)
	b.Cleanup(func() {
		if admin, err := sql.Open("pgx", base); err == nil {
			_, _ = admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
			admin.Close()
		}
	})
	u, err := url.Parse(base)
	require.NoError(b, err)
	u.Path = "/" + name
	return u.String()
}
