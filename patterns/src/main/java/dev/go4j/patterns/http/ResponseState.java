package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The response side of one exchange, shared by every {@link RequestExchange} that wraps it: who sent
 * the status line, which status, how many body bytes.
 */
final class ResponseState {
    /* Implementation overview
     *
     * phase: OPEN -> SENDING -> SENT   (the handler's sendResponseHeaders), or
     *        OPEN -> TAKEN             (a middleware answered instead: timeout, recovery).
     * Exactly one CAS out of OPEN wins, so a timed-out handler and the 503 never both write a status
     * line. After TAKEN the handler's writes fail with IOException (its thread is also interrupted). */

    static final int OPEN = 0;
    static final int SENDING = 1;
    static final int SENT = 2;
    static final int TAKEN = 3;

    final HttpExchange raw;
    private final AtomicInteger phase = new AtomicInteger(OPEN);
    private volatile int status;
    private volatile long bytes;
    private volatile String takenBy;
    private OutputStream body; // made once, by the thread that handles the exchange

    ResponseState(HttpExchange raw) {
        this.raw = raw;
    }

    void sendHeaders(int code, long length) throws IOException {
        if (!phase.compareAndSet(OPEN, SENDING)) {
            throw new IOException(phase.get() == TAKEN
                    ? "response already sent by " + takenBy
                    : "headers already sent");
        }
        status = code;
        try {
            raw.sendResponseHeaders(code, length);
        } finally {
            phase.set(SENT);
        }
    }

    /**
     * Claims the response for a middleware's own answer, if nothing was sent yet.
     *
     * @return true if this caller now owns the response
     */
    boolean take(String who) {
        if (phase.compareAndSet(OPEN, TAKEN)) {
            takenBy = who;
            return true;
        }
        return false;
    }

    /** Sends a complete short answer after {@link #take}. */
    void answer(int code, String text) {
        status = code;
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            raw.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            raw.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                try (OutputStream out = raw.getResponseBody()) {
                    out.write(b);
                }
            }
            bytes = b.length;
        } catch (IOException gone) {
            // The client went away; nothing else to do.
        } finally {
            raw.close();
        }
    }

    boolean headersSent() {
        return phase.get() != OPEN;
    }

    boolean taken() {
        return phase.get() == TAKEN;
    }

    int status() {
        return status;
    }

    long bytes() {
        return bytes;
    }

    OutputStream body() {
        OutputStream b = body;
        if (b == null) {
            b = new Counting(raw.getResponseBody());
            body = b;
        }
        return b;
    }

    /** Counts the bytes the handler writes; refuses them once a middleware took the response. */
    private final class Counting extends OutputStream {
        private final OutputStream out;

        Counting(OutputStream out) {
            this.out = out;
        }

        private void check() throws IOException {
            if (taken()) {
                throw new IOException("response already sent by " + takenBy);
            }
        }

        @Override
        public void write(int b) throws IOException {
            check();
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public void flush() throws IOException {
            check();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!taken()) {
                out.close();
            }
        }
    }
}
