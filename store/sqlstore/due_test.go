package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/store/storetest"
)

// fillDue gives n streams due days spread over 1000 days from 2025-01-01,
// written straight into the table (the store's appends are not what is
// tested here), and refreshes the planner's statistics.
func fillDue(t testing.TB, e engine, db execer, n int) {
	var fill string
	switch e.name {
	case "sqlite":
		fill = fmt.Sprintf(`WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < %d)
			INSERT INTO streams (stream, version, due, head)
			SELECT printf('due/%%06d', n), 1, date('2025-01-01', '+' || (n %% 1000) || ' days'), '' FROM i`, n)
	default:
		fill = fmt.Sprintf(`INSERT INTO streams (stream, version, due, head)
			SELECT 'due/' || lpad(n::text, 6, '0'), 1, to_char(date '2025-01-01' + n %% 1000, 'YYYY-MM-DD'), ''
			FROM generate_series(1, %d) AS n`, n)
	}
	_, err := db.ExecContext(storetest.Context(t), fill)
	require.NoError(t, err)
	_, err = db.ExecContext(storetest.Context(t), `ANALYZE`)
	require.NoError(t, err)
}

func TestDue_ServedByTheIndexInDayOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s, db := openStore(t, e)
		fillDue(t, e, db, 5000)
		day := notice.MustDate(2025, 1, 3)

		plan, err := s.ExplainDue(storetest.Context(t), day)
		require.NoError(t, err)
		t.Logf("plan of Due(%s) on %d streams:\n%s", day, 5000, plan)
		assert.Contains(t, plan, "streams_due")
		assert.NotContains(t, plan, "Seq Scan")

		due, err := s.Due(storetest.Context(t), day)
		require.NoError(t, err)
		require.Len(t, due, 15, "days 0, 1 and 2 of 1000, 5 streams each")
		assert.Equal(t, "due/001000", due[0], "due 2025-01-01, first by name")
		assert.Equal(t, "due/004002", due[len(due)-1], "due 2025-01-03, last by name")
	})
}
