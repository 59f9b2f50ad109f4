package dev.go4j.patterns.http;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A handler's {@code sendResponseHeaders} races with the {@code Timeout} middleware answering 503 in
 * its place (Go's {@code http.TimeoutHandler}: the handler's write and the timeout's are serialised).
 *
 * <p>Hypothesis: exactly one status line reaches the server's exchange, and the side that lost knows
 * it (the handler's call throws; the timeout's claim fails). Results: r1 = the handler's headers went
 * out (1) or its call threw (0); r2 = the timeout claimed the response (1) or not (0); r3 = status
 * lines the server's exchange received.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t ResponseHandlerVsTimeout}
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the handler answered first; the timeout backed off")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "the timeout answered 503 first; the handler's call threw")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both sent a status line: a corrupt response")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither answered: the client hangs")
@Outcome(expect = FORBIDDEN, desc = "a status line count that matches neither side")
@State
public class ResponseHandlerVsTimeout {
    final Raw raw = new Raw();
    final ResponseState state = new ResponseState(raw);
    int handlerSent;
    int timeoutTook;

    @Actor
    public void handler() {
        try {
            state.sendHeaders(200, -1);
            handlerSent = 1;
        } catch (IOException lost) {
            handlerSent = 0;
        }
    }

    @Actor
    public void timeout() {
        if (state.take("timeout")) {
            timeoutTook = 1;
            state.answer(503, "");
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = handlerSent;
        r.r2 = timeoutTook;
        r.r3 = raw.statusLines.get();
    }

    /** The server's side of the exchange: counts status lines. */
    static final class Raw extends HttpExchange {
        final AtomicInteger statusLines = new AtomicInteger();
        final Headers headers = new Headers();

        @Override public Headers getRequestHeaders() { return headers; }
        @Override public Headers getResponseHeaders() { return headers; }
        @Override public URI getRequestURI() { return URI.create("/"); }
        @Override public String getRequestMethod() { return "GET"; }
        @Override public HttpContext getHttpContext() { return null; }
        @Override public void close() {}
        @Override public InputStream getRequestBody() { return InputStream.nullInputStream(); }
        @Override public OutputStream getResponseBody() { return OutputStream.nullOutputStream(); }
        @Override public void sendResponseHeaders(int rCode, long length) { statusLines.incrementAndGet(); }
        @Override public InetSocketAddress getRemoteAddress() { return null; }
        @Override public int getResponseCode() { return -1; }
        @Override public InetSocketAddress getLocalAddress() { return null; }
        @Override public String getProtocol() { return "HTTP/1.1"; }
        @Override public Object getAttribute(String name) { return null; }
        @Override public void setAttribute(String name, Object value) {}
        @Override public void setStreams(InputStream i, OutputStream o) {}
        @Override public HttpPrincipal getPrincipal() { return null; }
    }
}
