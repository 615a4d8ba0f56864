package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/kantakit/kanta/server"
	"github.com/kantakit/kanta/store"
)

// A service in development mode on a memory store: Kela registers a party,
// the party requests its first service and the register answers with the
// party's new version, which is then the ETag of its state; an approval of
// a service never requested is refused, citing its rule and clause.
func ExampleNew() {
	now := func() time.Time { return time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC) }
	reg, err := store.Open(context.Background(), store.NewMemory(), now)
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(server.New(server.Config{Register: reg, Now: now}))
	defer srv.Close()

	send := func(method, path, body string, answer any) *http.Response {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			panic(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer res.Body.Close()
		if answer != nil {
			if err := json.NewDecoder(res.Body).Decode(answer); err != nil {
				panic(err)
			}
		}
		return res
	}
	res := send(http.MethodPost, "/v1/parties", `{"id":"klinikka","kind":"private-health-care-provider"}`, nil)
	fmt.Println(res.Status, res.Header.Get("Location"))

	var accepted struct {
		Versions map[string]int `json:"versions"`
	}
	res = send(http.MethodPost, "/v1/commands", `{"on":"2025-01-10","party":"klinikka","do":"request-service",
		"service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`, &accepted)
	fmt.Println(res.Status, accepted.Versions)

	res = send(http.MethodGet, "/v1/parties/klinikka", "", nil)
	fmt.Println(res.Status, "ETag", res.Header.Get("ETag"))

	var refused struct {
		Rule    string   `json:"rule"`
		Clauses []string `json:"clauses"`
	}
	res = send(http.MethodPost, "/v1/commands", `{"on":"2025-01-11","party":"klinikka","do":"approve-service","service":"kelain"}`, &refused)
	fmt.Println(res.Status, res.Header.Get("Content-Type"), refused.Rule, refused.Clauses)
	// Output:
	// 201 Created /v1/parties/klinikka
	// 200 OK map[party/klinikka:6]
	// 200 OK ETag "6"
	// 409 Conflict application/problem+json C3 [YTE 7]
}
