package store_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deps lists the packages that the given packages of this module import,
// directly or not, as go list -deps sees them from the module's root.
func deps(t *testing.T, packages ...string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// -e lists what it can of a package that does not build, so that the
	// test judges the imports even then.
	cmd := exec.CommandContext(ctx, goTool, append([]string{"list", "-e", "-deps"}, packages...)...)
	cmd.Dir = ".."
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", out)
	return strings.Fields(string(out))
}

// drivers reports the database drivers among packages, and database/sql:
// every driver registers itself with database/sql.Register, so a list
// without database/sql has no driver, whatever its name. The interfaces of
// database/sql/driver are no driver; shopspring/decimal implements them.
func drivers(packages []string) []string {
	var found []string
	for _, p := range packages {
		if strings.HasPrefix(p, "modernc.org/sqlite") || strings.HasPrefix(p, "github.com/jackc/pgx") ||
			strings.HasPrefix(p, "github.com/lib/pq") || strings.HasPrefix(p, "github.com/mattn/go-sqlite3") ||
			p == "database/sql" {
			found = append(found, p)
		}
	}
	return found
}

func TestDeps_CorePackagesPullInNoDatabase(t *testing.T) {
	core := deps(t, "./lifecycle", "./commitment", "./notice", "./fees", "./store", "./store/storetest")
	require.Contains(t, core, "github.com/kantakit/kanta/commitment", "go list saw the packages")
	assert.Empty(t, drivers(core), "the library's core needs no database")
}

func TestDeps_SQLStoreImportsNoDriver(t *testing.T) {
	found := drivers(deps(t, "./store/sqlstore"))
	assert.Equal(t, []string{"database/sql"}, found,
		"sqlstore speaks database/sql; the caller brings the driver")
}
