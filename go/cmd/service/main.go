// Command service is the Go twin of go4j's example service (dev.go4j.examples.service.Service):
// net/http with the same middleware chain, a worker pool for background jobs, and a graceful
// shutdown on SIGINT/SIGTERM with a readiness endpoint.
//
//	GET  /healthz      liveness: 200 while the process runs              (no middleware)
//	GET  /readyz       readiness: 200, then 503 once shutdown starts     (no middleware)
//	GET  /bare/hello   "hello": the handler alone                        (the load test's baseline)
//	GET  /hello        "hello" through the full chain                    (bearer token required)
//	POST /jobs?n=N     queue a background job, 202 with its id           (bearer token required)
//	GET  /jobs/{id}    the job's state and result                        (bearer token required)
//
// Run: cd go && go run ./cmd/service -port 8080
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	httpx "go4j.dev/go/http"
	"go4j.dev/go/shutdown"
	"go4j.dev/go/workerpool"
)

// config mirrors ServiceConfig: the same flags and defaults.
type config struct {
	host, token                                      string
	port, workers, queue, burst                      int
	rate                                             float64
	accessLog                                        bool
	jobTimeout, requestTimeout, preStop, drain, step time.Duration
}

func defaults() config {
	return config{host: "127.0.0.1", port: 8080, token: "demo-token", workers: 4, queue: 100,
		jobTimeout: 30 * time.Second, requestTimeout: 5 * time.Second, rate: 100, burst: 200,
		accessLog: true, drain: 20 * time.Second, step: 10 * time.Second}
}

func parse(args []string) (config, error) {
	c := defaults()
	fs := flag.NewFlagSet("service", flag.ContinueOnError)
	fs.StringVar(&c.host, "host", c.host, "address to listen on")
	fs.IntVar(&c.port, "port", c.port, "port; 0 picks a free one")
	fs.StringVar(&c.token, "token", c.token, "bearer token of the user demo")
	fs.IntVar(&c.workers, "workers", c.workers, "background job workers")
	fs.IntVar(&c.queue, "queue", c.queue, "queued background jobs at most")
	fs.DurationVar(&c.jobTimeout, "job-timeout", c.jobTimeout, "how long one job may run")
	fs.DurationVar(&c.requestTimeout, "request-timeout", c.requestTimeout, "how long one request may take")
	fs.Float64Var(&c.rate, "rate", c.rate, "requests per second per client")
	fs.IntVar(&c.burst, "burst", c.burst, "requests a client may send at once above its rate")
	accessLog := fs.String("access-log", "on", "on or off")
	fs.DurationVar(&c.preStop, "pre-stop", c.preStop, "serve this long after readiness turns 503")
	fs.DurationVar(&c.drain, "drain", c.drain, "one deadline for requests in flight")
	fs.DurationVar(&c.step, "step", c.step, "deadline of each close step")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch *accessLog {
	case "on", "true":
		c.accessLog = true
	case "off", "false":
		c.accessLog = false
	default:
		return c, fmt.Errorf("-access-log must be on or off, was %q", *accessLog)
	}
	if c.rate <= 0 || c.burst < 1 || c.workers < 1 || c.queue < 1 {
		return c, errors.New("rate, burst, workers and queue must be positive")
	}
	return c, nil
}

type service struct {
	srv      *http.Server
	ln       net.Listener
	pool     *workerpool.Pool
	coord    *shutdown.Coordinator
	jobs     *jobs
	serveErr chan error
}

func start(c config) (*service, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(c.host, strconv.Itoa(c.port)))
	if err != nil {
		return nil, err
	}
	coord := shutdown.New()
	coord.PreStopDelay, coord.DrainTimeout, coord.StepTimeout = c.preStop, c.drain, c.step
	pool := workerpool.New(c.workers, c.queue, nil)
	logger := log.New(io.Discard, "", 0)
	if c.accessLog {
		logger = log.New(os.Stderr, "", log.LstdFlags)
	}
	cors, err := httpx.CORS([]string{"http://localhost:3000"}, []string{"GET", "POST"}, false)
	if err != nil {
		return nil, err
	}
	standard := func(h http.Handler) http.Handler {
		return httpx.Chain(h,
			httpx.RequestID(false),
			httpx.Recovery(log.New(os.Stderr, "", log.LstdFlags)),
			httpx.AccessLog(logger),
			httpx.Timeout(c.requestTimeout, http.StatusServiceUnavailable),
			cors,
			httpx.RateLimit(httpx.NewKeyedLimiter(rate.Limit(c.rate), c.burst, 10000), httpx.ClientAddress{}, time.Second),
			httpx.BearerAuth(func(tok string) (string, bool) { return "demo", tok == c.token }))
	}
	jobsCtx, cancelJobs := context.WithCancel(context.Background())
	j := &jobs{pool: pool, timeout: c.jobTimeout, ctx: jobsCtx, cancel: cancelJobs, table: map[string]*job{}}

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { text(w, 200, "ok") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if coord.Ready() {
			text(w, 200, "ok")
			return
		}
		w.Header().Set("Connection", "close")
		text(w, 503, "shutting down")
	})
	mux.HandleFunc("/bare/hello", hello)
	mux.Handle("/hello", standard(http.HandlerFunc(hello)))
	mux.Handle("/jobs", standard(j))
	mux.Handle("/jobs/", standard(j))

	srv := &http.Server{Handler: mux, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 60 * time.Second}
	s := &service{srv: srv, ln: ln, pool: pool, coord: coord, jobs: j, serveErr: make(chan error, 1)}
	// Close steps run last registered first: the HTTP server's connections, then the jobs.
	coord.OnDrain("http", srv.Shutdown).
		OnClose("jobs", j.drain).
		OnClose("http server", func(context.Context) error { return srv.Close() })
	go func() { s.serveErr <- srv.Serve(ln) }()
	return s, nil
}

func hello(w http.ResponseWriter, r *http.Request) { text(w, 200, "hello") }

func text(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// jobs is the twin of Jobs: POST /jobs?n=N counts the primes below n on the pool.
type jobs struct {
	pool    *workerpool.Pool
	timeout time.Duration
	ctx     context.Context // cancelled when the drain deadline passes
	cancel  context.CancelFunc
	ids     atomic.Int64
	mu      sync.Mutex
	table   map[string]*job
	order   []string
}

type job struct {
	ID, owner string
	N         int64
	started   atomic.Bool
	task      *workerpool.Task
}

const maxKept, maxN = 10000, 50000000

func (j *jobs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/jobs" && r.Method == http.MethodPost:
		j.submit(w, r)
	case strings.HasPrefix(r.URL.Path, "/jobs/") && r.Method == http.MethodGet:
		j.status(w, r, strings.TrimPrefix(r.URL.Path, "/jobs/"))
	default:
		jsonReply(w, 405, map[string]any{"error": "method not allowed"})
	}
}

func (j *jobs) submit(w http.ResponseWriter, r *http.Request) {
	n := int64(100000)
	if q := r.URL.Query().Get("n"); q != "" {
		v, err := strconv.ParseInt(q, 10, 64)
		if err != nil || v < 0 || v > maxN {
			jsonReply(w, 400, map[string]any{"error": fmt.Sprintf("n must be 0..%d", maxN)})
			return
		}
		n = v
	}
	jb := &job{ID: fmt.Sprintf("job-%d", j.ids.Add(1)), owner: httpx.User(r.Context()), N: n}
	task, err := j.pool.TrySubmit(func(context.Context) (any, error) {
		jb.started.Store(true)
		ctx, cancel := context.WithTimeout(j.ctx, j.timeout)
		defer cancel()
		return countPrimes(ctx, n)
	})
	if errors.Is(err, workerpool.ErrClosed) {
		w.Header().Set("Connection", "close")
		jsonReply(w, 503, map[string]any{"error": "shutting down"})
		return
	}
	if task == nil { // queue full: shed load instead of blocking the request
		w.Header().Set("Retry-After", "1")
		jsonReply(w, 503, map[string]any{"error": "job queue full"})
		return
	}
	jb.task = task
	j.mu.Lock()
	j.table[jb.ID] = jb
	j.order = append(j.order, jb.ID)
	for len(j.table) > maxKept {
		delete(j.table, j.order[0])
		j.order = j.order[1:]
	}
	j.mu.Unlock()
	w.Header().Set("Location", "/jobs/"+jb.ID)
	jsonReply(w, 202, map[string]any{"id": jb.ID, "state": "queued"})
}

func (j *jobs) status(w http.ResponseWriter, r *http.Request, id string) {
	j.mu.Lock()
	jb := j.table[id]
	j.mu.Unlock()
	if jb == nil || jb.owner != httpx.User(r.Context()) {
		jsonReply(w, 404, map[string]any{"error": "no such job"})
		return
	}
	out := map[string]any{"id": jb.ID, "n": jb.N}
	select {
	case <-jb.task.Done():
		v, err := jb.task.Wait()
		switch {
		case err == nil:
			out["state"], out["primes"] = "succeeded", v
		case errors.Is(err, context.Canceled):
			out["state"] = "cancelled"
		default:
			out["state"], out["error"] = "failed", err.Error()
		}
	default:
		out["state"] = "queued"
		if jb.started.Load() {
			out["state"] = "running"
		}
	}
	jsonReply(w, 200, out)
}

// drain lets the queued and running jobs finish until ctx's deadline, then cancels the rest.
func (j *jobs) drain(ctx context.Context) error {
	done := make(chan struct{})
	go func() { j.pool.Close(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		j.cancel()
		<-done
		_, _, _, failed, _ := j.pool.Counters()
		return fmt.Errorf("background jobs cancelled at the deadline (%d failed in all)", failed)
	}
}

func countPrimes(ctx context.Context, n int64) (int64, error) {
	var count int64
	for i := int64(2); i < n; i++ {
		if i&1023 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		prime := true
		for d := int64(2); d*d <= i; d++ {
			if i%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			count++
		}
	}
	return count, nil
}

func jsonReply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func main() {
	c, err := parse(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(2)
	}
	sc := shutdown.NotifyContext(context.Background())
	defer sc.Stop()
	s, err := start(c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
	fmt.Printf("listening on http://%s\n", s.ln.Addr())
	select {
	case <-sc.Done():
	case err := <-s.serveErr:
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
	report := s.coord.Run()
	fmt.Printf("stopped on %v: shutdown took %v\n", sc.Signal(), report.Took)
	for _, st := range report.Steps {
		fmt.Printf("  %v %s: %v in %v\n", st.Phase, st.Name, st.Outcome, st.Took)
	}
}
