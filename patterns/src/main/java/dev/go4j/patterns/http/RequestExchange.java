package dev.go4j.patterns.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.go4j.context.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/**
 * An {@link HttpExchange} that carries a per-request {@link Context} and records the response's
 * status and size: Go's {@code *http.Request} with its {@code r.Context()} and
 * {@code r.WithContext(ctx)}, plus the {@code ResponseWriter} wrapper every Go logging middleware
 * writes.
 *
 * <p>Why not {@link HttpExchange#setAttribute}: on the JDK's server those attributes belong to the
 * {@link HttpContext} and are shared by every exchange on the same path at once, so one request would
 * read another's request id or user. A context travels with the exchange object instead.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #of(HttpExchange)} wraps a server exchange once (an exchange that already is one is
 *       returned as is) with {@link Context#background()}; {@link #withContext(Context)} returns a new
 *       view of the same exchange with another context, as Go's {@code r.WithContext}. Pass the view
 *       to the next handler.</li>
 *   <li>All views share one response: {@link #status()} and {@link #bytesWritten()} are what the
 *       handler sent, whichever view it used. Streamed responses are counted as they are written.</li>
 *   <li>A middleware may answer in the handler's place (a timeout's 503) only while nothing was sent;
 *       afterwards the handler's {@code sendResponseHeaders} and writes throw {@link IOException}.</li>
 * </ul>
 *
 * <p>Thread safety: the exchange belongs to the thread that handles it, as a server exchange does; the
 * claim on the response is atomic, so a middleware on another thread (a timeout) and the handler never
 * both send a status line.
 *
 * @implNote A view is one small object that delegates to the server's exchange; the shared response
 * record is made once per request.
 * @since 0.1.0
 */
public final class RequestExchange extends HttpExchange {
    private final ResponseState state;
    private final Context ctx;

    private RequestExchange(ResponseState state, Context ctx) {
        this.state = state;
        this.ctx = ctx;
    }

    /**
     * The exchange as a {@code RequestExchange}: itself if it is one, else a new wrapper with the
     * background context.
     *
     * @param exchange the server's exchange or a view of it
     * @return the view
     * @throws NullPointerException if {@code exchange} is null
     */
    public static RequestExchange of(HttpExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        if (exchange instanceof RequestExchange r) {
            return r;
        }
        return new RequestExchange(new ResponseState(exchange), Context.background());
    }

    /**
     * The request's context: {@code r.Context()} in Go.
     *
     * @param exchange any exchange
     * @return its context, or {@link Context#background()} for an exchange no middleware wrapped
     */
    public static Context context(HttpExchange exchange) {
        return exchange instanceof RequestExchange r ? r.ctx : Context.background();
    }

    /**
     * This request's context.
     *
     * @return the context
     */
    public Context context() {
        return ctx;
    }

    /**
     * The same exchange with another context: Go's {@code r.WithContext(ctx)}.
     *
     * @param ctx the new context, usually derived from {@link #context()}
     * @return a new view sharing this exchange's request and response
     * @throws NullPointerException if {@code ctx} is null
     */
    public RequestExchange withContext(Context ctx) {
        return new RequestExchange(state, Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * The status sent, by the handler or by a middleware in its place.
     *
     * @return the status code, or 0 if none was sent yet
     */
    public int status() {
        return state.status();
    }

    /**
     * How many body bytes were written.
     *
     * @return the count so far
     */
    public long bytesWritten() {
        return state.bytes();
    }

    /**
     * Whether a status line was sent or claimed.
     *
     * @return true once {@code sendResponseHeaders} was called or a middleware took the response
     */
    public boolean responseStarted() {
        return state.headersSent();
    }

    /**
     * Answers in the handler's place with {@code code} and a short text body, and closes the
     * exchange, if nothing was sent yet. Later handler writes throw {@link IOException}.
     *
     * @param code the status
     * @param text the body
     * @param who named in the handler's IOException, such as {@code "timeout"}
     * @return true if this call answered; false if the response had already started
     */
    boolean answerInstead(int code, String text, String who) {
        if (!state.take(who)) {
            return false;
        }
        state.answer(code, text);
        return true;
    }

    HttpExchange raw() {
        return state.raw;
    }

    @Override
    public Headers getRequestHeaders() {
        return state.raw.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return state.raw.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
        return state.raw.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return state.raw.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return state.raw.getHttpContext();
    }

    /** Closes the exchange, unless a middleware took the response (it closes it itself). */
    @Override
    public void close() {
        if (!state.taken()) {
            state.raw.close();
        }
    }

    @Override
    public InputStream getRequestBody() {
        return state.raw.getRequestBody();
    }

    @Override
    public OutputStream getResponseBody() {
        return state.body();
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        state.sendHeaders(rCode, responseLength);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return state.raw.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        int s = state.status();
        return s == 0 ? -1 : s;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return state.raw.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return state.raw.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return state.raw.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        state.raw.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        state.raw.setStreams(i, o);
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return state.raw.getPrincipal();
    }

    @Override
    public String toString() {
        return getRequestMethod() + " " + getRequestURI() + " " + ctx;
    }
}
