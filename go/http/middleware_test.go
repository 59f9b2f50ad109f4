package httpx

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestChainRunsTheFirstListedOutermost(t *testing.T) {
	var trace []string
	named := func(n string) Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				trace = append(trace, n+" in")
				next.ServeHTTP(w, r)
				trace = append(trace, n+" out")
			})
		}
	}
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { trace = append(trace, "handler") }),
		named("a"), named("b"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if got := strings.Join(trace, ","); got != "a in,b in,handler,b out,a out" {
		t.Fatal(got)
	}
}

func TestRequestIDIsInTheContextAndEchoed(t *testing.T) {
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, GetRequestID(r.Context()))
	}), RequestID(true))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set(RequestIDHeader, "gw-1")
	h.ServeHTTP(rec, req)
	if rec.Body.String() != "gw-1" || rec.Header().Get(RequestIDHeader) != "gw-1" {
		t.Fatal(rec.Body.String())
	}
	req.Header.Set(RequestIDHeader, "bad id\"")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if len(rec.Body.String()) != 32 {
		t.Fatal(rec.Body.String())
	}
}

func TestRecoveryAFailureBeforeAnythingWasSentBecomes500AndIsLoggedOnceWithTheRequestId(t *testing.T) {
	var logs bytes.Buffer
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }),
		RequestID(true), Recovery(log.New(&logs, "", 0)))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/crash", nil)
	req.Header.Set(RequestIDHeader, "r-1")
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || strings.Count(logs.String(), "\n") != 1 || !strings.Contains(logs.String(), "request_id=r-1") {
		t.Fatalf("%d %q", rec.Code, logs.String())
	}
}

func TestAccessLogInsideRecoveryRecordsACrashAsThe500TheClientGets(t *testing.T) {
	var logs bytes.Buffer
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }),
		Recovery(log.New(io.Discard, "", 0)), AccessLog(log.New(&logs, "", 0)))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	if !strings.Contains(logs.String(), "status=500") {
		t.Fatal(logs.String())
	}
}

func TestTimeoutAnswers503WhenNothingWasSentAndTheHandlerSeesItsContextEnd(t *testing.T) {
	saw := make(chan error, 1)
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		saw <- r.Context().Err()
	}), Timeout(50*time.Millisecond, 503))
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Fatal(resp.StatusCode)
	}
	if err := <-saw; err != context.DeadlineExceeded {
		t.Fatal(err)
	}
}

func TestBearerAuthPerRouteTheHealthCheckStaysOpen(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/api", Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hi "+User(r.Context()))
	}), BearerAuth(func(tok string) (string, bool) { return "alice", tok == "t-alice" })))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	for _, c := range []struct {
		path, auth string
		want       int
	}{{"/api", "", 401}, {"/api", "Bearer forged", 401}, {"/api", "Bearer t-alice", 200}, {"/healthz", "", 200}} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		mux.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Fatalf("%s %q: %d, want %d", c.path, c.auth, rec.Code, c.want)
		}
	}
}

func TestBehindTrustedProxiesTheRightmostUntrustedAddressIsTheClient(t *testing.T) {
	c, err := BehindProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "10.1.2.3:5000"
	req.Header.Set("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
	if got := c.Resolve(req).String(); got != "198.51.100.7" {
		t.Fatal(got)
	}
	req.RemoteAddr = "203.0.113.9:5000" // untrusted peer: the header is ignored
	if got := c.Resolve(req).String(); got != "203.0.113.9" {
		t.Fatal(got)
	}
}

func TestIPv6ClientsAreGroupedBySlash64(t *testing.T) {
	c := ClientAddress{}
	a := httptest.NewRequest("GET", "/", nil)
	a.RemoteAddr = "[2001:db8:1:2::1]:1"
	b := httptest.NewRequest("GET", "/", nil)
	b.RemoteAddr = "[2001:db8:1:2:ffff::9]:1"
	if Key(c.Resolve(a)) != "2001:db8:1:2::/64" || Key(c.Resolve(a)) != Key(c.Resolve(b)) {
		t.Fatal(Key(c.Resolve(a)), Key(c.Resolve(b)))
	}
}

func TestAClientCannotEscapeItsLimitByWritingXForwardedFor(t *testing.T) {
	lim := NewKeyedLimiter(rate.Every(time.Hour), 2, 100)
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), RateLimit(lim, ClientAddress{}, time.Second))
	ok := 0
	for i := 0; i < 10; i++ {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Forwarded-For", "198.51.100."+string(rune('0'+i)))
		h.ServeHTTP(rec, req)
		if rec.Code == 200 {
			ok++
		} else if rec.Code != 429 || rec.Header().Get("Retry-After") != "1" {
			t.Fatal(rec.Code)
		}
	}
	if ok != 2 || lim.Len() != 1 {
		t.Fatal(ok, lim.Len())
	}
}

func TestStarTogetherWithCredentialsIsRefused(t *testing.T) {
	if _, err := CORS([]string{"*"}, nil, true); err == nil {
		t.Fatal("accepted * with credentials")
	}
	mw, _ := CORS([]string{"https://app.example.com"}, []string{"PUT"}, true)
	called := false
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }), mw)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("OPTIONS", "/", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	h.ServeHTTP(rec, req)
	if rec.Code != 204 || called || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Fatal(rec.Code, called, rec.Header())
	}
}

func TestGracefulShutdownEveryAcceptedRequestCompletes(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, strings.Repeat("x", 10000))
	}))
	srv.Start()
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get(srv.URL)
		if err != nil {
			got <- -1
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- len(b)
	}()
	<-entered
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go func() { done <- srv.Config.Shutdown(ctx) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := <-got; n != 10000 {
		t.Fatal(n)
	}
	srv.Close()
}
