package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Pool}; each one runs here. */
class PoolSnippets {

    // @start region=buffers
    private static final Pool<ByteBuffer> BUFFERS =                  // var buffers = sync.Pool{
            new Pool<>(() -> ByteBuffer.allocate(64 * 1024));         //     New: func() any { return make([]byte, 64<<10) }}

    static int encodedLength(String message) {
        ByteBuffer buf = BUFFERS.get();                               // buf := buffers.Get().([]byte)
        try {
            buf.put(message.getBytes(StandardCharsets.UTF_8));
            return buf.position();
        } finally {
            buf.clear();                                              // reset before it goes back
            BUFFERS.put(buf);                                         // defer buffers.Put(buf)
        }
    }
    // @end

    @Test
    void buffers() {
        assertThat(encodedLength("héllo")).isEqualTo(6);
        assertThat(encodedLength("hello")).isEqualTo(5);
    }
}
