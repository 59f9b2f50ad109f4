// Package httpx is the Go twin of go4j's dev.go4j.patterns.http: a middleware chain with the
// standard set (request id, recovery, access log, timeout, CORS, per-client rate limit, bearer
// auth), a trusted-proxy client address resolver, and a bounded concurrent fetcher. (The directory
// is go/http; the package is httpx so that net/http keeps its usual name.)
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Middleware is func(http.Handler) http.Handler.
type Middleware func(http.Handler) http.Handler

// Chain wraps h with mws, the first listed outermost.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

type ctxKey int

const (
	requestIDKey ctxKey = iota
	userKey
)

// RequestIDHeader is the header read and written.
const RequestIDHeader = "X-Request-ID"

// RequestID keeps a well-formed incoming X-Request-ID if trustIncoming, else makes one; puts it in
// the request context and echoes it.
func RequestID(trustIncoming bool) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := ""
			if trustIncoming {
				id = r.Header.Get(RequestIDHeader)
			}
			if !wellFormed(id) {
				var b [16]byte
				_, _ = rand.Read(b[:])
				id = hex.EncodeToString(b[:])
			}
			w.Header().Set(RequestIDHeader, id)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		})
	}
}

func wellFormed(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return false
		}
	}
	return true
}

// GetRequestID returns the request id in ctx, or "".
func GetRequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// recorder captures the status and the bytes written, and whether the header went out.
type recorder struct {
	http.ResponseWriter
	mu     sync.Mutex
	status int
	bytes  int64
	taken  bool
}

func (r *recorder) WriteHeader(code int) {
	r.mu.Lock()
	if r.status != 0 || r.taken {
		r.mu.Unlock()
		return
	}
	r.status = code
	r.mu.Unlock()
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.mu.Lock()
	if r.taken {
		r.mu.Unlock()
		return 0, http.ErrHandlerTimeout
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.mu.Unlock()
	n, err := r.ResponseWriter.Write(b)
	r.mu.Lock()
	r.bytes += int64(n)
	r.mu.Unlock()
	return n, err
}

// Flush keeps streaming working through the wrapper.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func record(w http.ResponseWriter) *recorder {
	if rec, ok := w.(*recorder); ok {
		return rec
	}
	return &recorder{ResponseWriter: w}
}

// Recovery turns a panic into a 500 if nothing was sent, logged once with the request id and the
// stack; after the header went out it re-panics with http.ErrAbortHandler so the server drops the
// connection.
func Recovery(logger *log.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := record(w)
			defer func() {
				p := recover()
				if p == nil {
					return
				}
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger.Printf("panic serving request_id=%s method=%s path=%s: %v", GetRequestID(r.Context()), r.Method, r.URL.Path, p)
				rec.mu.Lock()
				started := rec.status != 0 || rec.taken
				rec.mu.Unlock()
				if started {
					panic(http.ErrAbortHandler)
				}
				http.Error(rec, "internal server error", http.StatusInternalServerError)
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// AccessLog logs one logfmt line per request.
func AccessLog(logger *log.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := record(w)
			failed := true
			defer func() {
				rec.mu.Lock()
				status, bytes := rec.status, rec.bytes
				rec.mu.Unlock()
				if status == 0 && failed {
					status = 500 // what Recovery, outside, is about to answer
				}
				logger.Printf("method=%s path=%q status=%d bytes=%d duration=%s request_id=%s remote=%s user_agent=%q",
					r.Method, r.URL.Path, status, bytes, time.Since(start), GetRequestID(r.Context()), r.RemoteAddr, r.UserAgent())
			}()
			next.ServeHTTP(rec, r)
			failed = false
		})
	}
}

// Timeout gives the request a deadline context; at the deadline, if nothing was sent, the client
// gets status (503 or 504). Go cannot interrupt a goroutine: the handler must honour ctx, and its
// later writes fail with http.ErrHandlerTimeout.
func Timeout(d time.Duration, status int) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			rec := record(w)
			done := make(chan interface{}, 1)
			go func() {
				defer func() { done <- recover() }()
				next.ServeHTTP(rec, r.WithContext(ctx))
			}()
			select {
			case p := <-done:
				if p != nil {
					panic(p)
				}
			case <-ctx.Done():
				rec.mu.Lock()
				answer := rec.status == 0 && errors.Is(ctx.Err(), context.DeadlineExceeded)
				if answer {
					rec.taken = true
				}
				rec.mu.Unlock()
				if answer {
					w.WriteHeader(status)
					_, _ = w.Write([]byte("request timed out"))
					return
				}
				if p := <-done; p != nil {
					panic(p)
				}
			}
		})
	}
}

// BearerAuth checks Authorization: Bearer with verify, puts the user in the context, else 401.
func BearerAuth(verify func(token string) (user string, ok bool)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := r.Header.Get("Authorization")
			if len(h) <= 7 || !strings.EqualFold(h[:7], "Bearer ") || strings.TrimSpace(h[7:]) == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			user, ok := verify(strings.TrimSpace(h[7:]))
			if !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey, user)))
		})
	}
}

// User returns the authenticated user in ctx.
func User(ctx context.Context) string {
	u, _ := ctx.Value(userKey).(string)
	return u
}

// ClientAddress resolves the client: the peer, or the rightmost untrusted X-Forwarded-For entry
// when the peer is a trusted proxy.
type ClientAddress struct{ Trusted []*net.IPNet }

// BehindProxies parses the trusted ranges.
func BehindProxies(cidrs ...string) (ClientAddress, error) {
	var c ClientAddress
	for _, s := range cidrs {
		if !strings.Contains(s, "/") {
			if strings.Contains(s, ":") {
				s += "/128"
			} else {
				s += "/32"
			}
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return c, fmt.Errorf("cidr %q: %w", s, err)
		}
		c.Trusted = append(c.Trusted, n)
	}
	return c, nil
}

func (c ClientAddress) trusted(ip net.IP) bool {
	for _, n := range c.Trusted {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// Resolve returns the client's IP.
func (c ClientAddress) Resolve(r *http.Request) net.IP {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	hop := net.ParseIP(host)
	if hop == nil || !c.trusted(hop) {
		return hop
	}
	var entries []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		for _, e := range strings.Split(h, ",") {
			entries = append(entries, strings.TrimSpace(e))
		}
	}
	for i := len(entries) - 1; i >= 0; i-- {
		ip := net.ParseIP(strings.Trim(entries[i], "[]"))
		if ip == nil {
			return hop
		}
		hop = ip
		if !c.trusted(ip) {
			return ip
		}
	}
	return hop
}

// Key is the rate-limit key: the IPv4 address, or the IPv6 /64.
func Key(ip net.IP) string {
	if ip4 := ip.To4(); ip4 != nil {
		return ip4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// KeyedLimiter is the map[string]*rate.Limiter with a hard cap on keys (oldest use evicted).
type KeyedLimiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	maxKeys int
	m       map[string]*entry
}

type entry struct {
	lim  *rate.Limiter
	used time.Time
}

// NewKeyedLimiter makes one rate.Limiter per key, at most maxKeys of them.
func NewKeyedLimiter(limit rate.Limit, burst, maxKeys int) *KeyedLimiter {
	return &KeyedLimiter{limit: limit, burst: burst, maxKeys: maxKeys, m: make(map[string]*entry)}
}

// Allow takes a permit from key's limiter.
func (k *KeyedLimiter) Allow(key string) bool {
	k.mu.Lock()
	e, ok := k.m[key]
	now := time.Now()
	if !ok {
		if len(k.m) >= k.maxKeys {
			var oldest string
			var at time.Time
			for key, e := range k.m { // a real service samples; this twin stays short
				if oldest == "" || e.used.Before(at) {
					oldest, at = key, e.used
				}
			}
			delete(k.m, oldest)
		}
		e = &entry{lim: rate.NewLimiter(k.limit, k.burst)}
		k.m[key] = e
	}
	e.used = now
	k.mu.Unlock()
	return e.lim.AllowN(now, 1)
}

// Len is the number of keys tracked.
func (k *KeyedLimiter) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}

// RateLimit refuses a client over its limit with 429 and Retry-After.
func RateLimit(lim *KeyedLimiter, clients ClientAddress, retryAfter time.Duration) Middleware {
	secs := int((retryAfter + time.Second - 1) / time.Second)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if lim.Allow(Key(clients.Resolve(r))) {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Retry-After", fmt.Sprint(secs))
			http.Error(w, "too many requests", http.StatusTooManyRequests)
		})
	}
}

// CORS allows the listed origins; preflights get 204; never "*" with credentials.
func CORS(origins []string, methods []string, credentials bool) (Middleware, error) {
	allowed := map[string]bool{}
	for _, o := range origins {
		if o == "*" && credentials {
			return nil, fmt.Errorf("CORS: allowCredentials with origin \"*\" would let any site read responses made with your users' cookies")
		}
		allowed[o] = true
	}
	okMethod := map[string]bool{}
	for _, m := range methods {
		okMethod[m] = true
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Vary", "Origin")
			origin := r.Header.Get("Origin")
			ok := origin != "" && (allowed["*"] || allowed[origin])
			set := func() {
				if allowed["*"] && !credentials {
					w.Header().Set("Access-Control-Allow-Origin", "*")
				} else {
					w.Header().Set("Access-Control-Allow-Origin", origin)
				}
				if credentials {
					w.Header().Set("Access-Control-Allow-Credentials", "true")
				}
			}
			if m := r.Header.Get("Access-Control-Request-Method"); r.Method == http.MethodOptions && origin != "" && m != "" {
				if ok && okMethod[m] {
					set()
					w.Header().Set("Access-Control-Allow-Methods", m)
				}
				w.WriteHeader(http.StatusNoContent)
				return
			}
			if ok {
				set()
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}
