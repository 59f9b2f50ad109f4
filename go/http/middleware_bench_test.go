package httpx

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// BenchmarkMiddlewareChain is the twin of MiddlewareChainBenchmark: one request through the bare
// handler and through the full recommended chain, in process (no network), so the figure is the
// chain's own cost.
func BenchmarkMiddlewareChain(b *testing.B) {
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "hello") })
	cors, _ := CORS([]string{"https://app.example.com"}, []string{"GET"}, false)
	full := Chain(hello,
		RequestID(false),
		Recovery(log.New(io.Discard, "", 0)),
		AccessLog(log.New(io.Discard, "", 0)),
		Timeout(5*time.Second, 503),
		cors,
		RateLimit(NewKeyedLimiter(rate.Inf, 1, 1000), ClientAddress{}, time.Second),
		BearerAuth(func(tok string) (string, bool) { return "alice", tok == "secret" }))
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"bare", hello}, {"full", full}} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("Authorization", "Bearer secret")
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				c.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
