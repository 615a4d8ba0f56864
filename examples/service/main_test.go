package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func send(t *testing.T, h http.Handler, method, path, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	b, err := io.ReadAll(rec.Result().Body)
	require.NoError(t, err)
	return rec.Code, string(b)
}

const request = `{"on":"2025-01-10","party":"hoivakoti","do":"request-service","service":"social-welfare-client-data-repository",
	"signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`

// The example's handlers register a party, take a command, refuse one by
// the terms and bad input, read the state, and find it all again when the
// file is opened anew.
func TestServiceExampleServesTheRegisterFromItsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kanta.db")
	h, err := open(context.Background(), path)
	require.NoError(t, err)

	code, body := send(t, h, http.MethodPost, "/parties", `{"id":"hoivakoti","kind":"private-social-welfare-provider"}`)
	require.Equal(t, http.StatusOK, code, body)
	code, body = send(t, h, http.MethodPost, "/commands", request)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"events"`)

	code, body = send(t, h, http.MethodPost, "/commands", `{"on":"2025-01-11","party":"hoivakoti","do":"approve-service","service":"social-welfare-client-data-repository"}`)
	assert.Equal(t, http.StatusConflict, code, "approval waits for the tests (S2)")
	assert.Contains(t, body, `"S2"`)

	for _, bad := range []string{`{"on":"2025-02-30","party":"hoivakoti","do":"request-service"}`, `{"on":`, `{"do":"no-such-act"}`} {
		code, body = send(t, h, http.MethodPost, "/commands", bad)
		assert.Equal(t, http.StatusBadRequest, code, "%s: %s", bad, body)
	}
	code, _ = send(t, h, http.MethodGet, "/parties/ei-ole", "")
	assert.Equal(t, http.StatusNotFound, code)

	again, err := open(context.Background(), path)
	require.NoError(t, err)
	code, body = send(t, again, http.MethodGet, "/parties/hoivakoti", "")
	require.Equal(t, http.StatusOK, code, body)
	var state struct {
		Customership struct{ State string } `json:"customership"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &state))
	assert.Equal(t, "applied", state.Customership.State)
}
