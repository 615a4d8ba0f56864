package sqlstore

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrefixEnd_BoundsExactlyTheNamesWithThePrefix(t *testing.T) {
	// Characters at the edges of UTF-8's encoding lengths and around the
	// surrogates, where incrementing a character changes its length.
	alphabet := []rune{'a', 'b', 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff}
	rng := rand.New(rand.NewSource(1))
	random := func() string {
		var b strings.Builder
		for n := rng.Intn(4); n > 0; n-- {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	for i := 0; i < 3000; i++ {
		prefix, name := random(), random()
		if rng.Intn(3) == 0 {
			name = prefix + name
		}
		if prefix == "" {
			continue
		}
		end, bounded := prefixEnd(prefix)
		inRange := name >= prefix && (!bounded || name < end)
		assert.Equal(t, strings.HasPrefix(name, prefix), inRange, "prefix %q, name %q, end %q", prefix, name, end)
	}
	_, bounded := prefixEnd("\U0010ffff\U0010ffff")
	assert.False(t, bounded, "nothing is above every name that begins with the last character")
}
