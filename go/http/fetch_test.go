package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func misbehaving(inFlight, max *int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := atomic.AddInt64(inFlight, 1)
		defer atomic.AddInt64(inFlight, -1)
		for {
			m := atomic.LoadInt64(max)
			if n <= m || atomic.CompareAndSwapInt64(max, m, n) {
				break
			}
		}
		switch r.URL.Path {
		case "/fail":
			http.Error(w, "broken", 500)
		case "/hang":
			<-r.Context().Done()
		case "/big":
			_, _ = w.Write([]byte(strings.Repeat("b", 64*1024)))
		case "/slow":
			time.Sleep(30 * time.Millisecond)
		default:
			_, _ = w.Write([]byte("ok " + r.URL.Path))
		}
	})
}

func TestEveryURLGetsAResultInInputOrderAndFailuresStayPerURL(t *testing.T) {
	var inFlight, max int64
	srv := httptest.NewServer(misbehaving(&inFlight, &max))
	defer srv.Close()
	urls := []string{srv.URL + "/ok1", srv.URL + "/fail", srv.URL + "/hang", srv.URL + "/big", "http://127.0.0.1:1/", srv.URL + "/ok2"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := FetchAll(ctx, srv.Client(), urls, 4, 2, 300*time.Millisecond, 16*1024)
	if string(r[0].Body) != "ok /ok1" || r[1].Status != 500 || r[1].Err != nil ||
		!errors.Is(r[2].Err, context.DeadlineExceeded) || !errors.Is(r[3].Err, ErrBodyTooLarge) || r[4].Err == nil ||
		string(r[5].Body) != "ok /ok2" {
		t.Fatalf("%+v", r)
	}
}

func TestAtMostNInFlightAndAtMostKPerHost(t *testing.T) {
	var inFlight, max int64
	srv := httptest.NewServer(misbehaving(&inFlight, &max))
	defer srv.Close()
	var urls []string
	for i := 0; i < 12; i++ {
		urls = append(urls, srv.URL+"/slow")
	}
	r := FetchAll(context.Background(), srv.Client(), urls, 4, 3, time.Minute, 1024)
	for _, x := range r {
		if x.Err != nil {
			t.Fatal(x.Err)
		}
	}
	if max > 3 {
		t.Fatalf("%d in flight to one host, want at most 3", max)
	}
}

func TestTheCallReturnsByItsDeadlineWithEveryResultAccountedFor(t *testing.T) {
	var inFlight, max int64
	srv := httptest.NewServer(misbehaving(&inFlight, &max))
	defer srv.Close()
	var urls []string
	for i := 0; i < 10; i++ {
		urls = append(urls, srv.URL+"/hang")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	r := FetchAll(ctx, srv.Client(), urls, 3, 3, time.Hour, 1024)
	if time.Since(start) > 10*time.Second {
		t.Fatal("past the deadline")
	}
	for _, x := range r {
		if !errors.Is(x.Err, context.DeadlineExceeded) {
			t.Fatalf("%+v", x)
		}
	}
}
