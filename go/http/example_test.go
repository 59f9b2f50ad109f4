package httpx

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"
)

// The HTTP page in one program, on a loopback port: a middleware chain (request id outermost, then
// recovery, then bearer auth) in front of an API, a public handler beside it, the bounded concurrent
// fetcher reading three URLs (results in input order), and a graceful Shutdown. Java twin:
// examples/.../http/HttpExample.java, on the JDK's HttpServer and HttpClient.
func Example_http() {
	tokens := map[string]string{"token-alice": "alice"}
	api := http.NewServeMux()
	api.HandleFunc("/api/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello, %s", User(r.Context()))
	})
	api.HandleFunc("/api/panic", func(w http.ResponseWriter, r *http.Request) {
		panic("boom") // Recovery answers 500; the server goes on
	})
	quiet := log.New(io.Discard, "", 0)
	root := http.NewServeMux()
	root.Handle("/api/", Chain(api, RequestID(true), Recovery(quiet), BearerAuth(func(token string) (string, bool) {
		user, ok := tokens[token]
		return user, ok
	})))
	root.HandleFunc("/items/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/items/")
		if id != "1" && id != "2" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		fmt.Fprintf(w, "item %s", id)
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := &http.Server{Handler: root}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()

	get := func(path, token string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("X-Request-ID", "req-1")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("GET %s -> %d %s (X-Request-ID %s)\n", path, resp.StatusCode,
			strings.TrimSpace(string(body)), resp.Header.Get("X-Request-ID"))
	}
	get("/api/hello", "token-alice")
	get("/api/hello", "")
	get("/api/hello", "stolen")
	get("/api/panic", "token-alice")

	urls := []string{base + "/items/1", base + "/items/2", base + "/items/3"}
	for _, r := range FetchAll(context.Background(), http.DefaultClient, urls, 2, 2, 5*time.Second, 1<<20) {
		fmt.Println(strings.TrimPrefix(r.URL, base), r.Status, strings.TrimSpace(string(r.Body)), r.Err)
	}

	// The client's kept-alive connections would count as busy; close them first. A connection the
	// client dialled but never sent a request on counts as busy for up to 5 s (net/http's rule for
	// new connections), so the deadline leaves room for that.
	http.DefaultClient.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fmt.Println("shutdown:", srv.Shutdown(ctx)) // stop accepting, wait for in-flight requests
	// Output:
	// GET /api/hello -> 200 hello, alice (X-Request-ID req-1)
	// GET /api/hello -> 401 unauthorized (X-Request-ID req-1)
	// GET /api/hello -> 401 unauthorized (X-Request-ID req-1)
	// GET /api/panic -> 500 internal server error (X-Request-ID req-1)
	// /items/1 200 item 1 <nil>
	// /items/2 200 item 2 <nil>
	// /items/3 404 not found <nil>
	// shutdown: <nil>
}
