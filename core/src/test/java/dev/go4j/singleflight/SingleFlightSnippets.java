package dev.go4j.singleflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link SingleFlight}; each one runs here. */
class SingleFlightSnippets {

    record User(String id) {}

    private final AtomicInteger reads = new AtomicInteger();

    private User readFromDatabase(String id) {
        reads.incrementAndGet();
        return new User(id);
    }

    // @start region=doCall
    private final Map<String, User> cache = new ConcurrentHashMap<>();
    private final SingleFlight<String, User> loads = new SingleFlight<>();   // var loads singleflight.Group

    User user(String id) throws Exception {
        User cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        // v, err, _ := loads.Do(id, func() (any, error) { ... })
        User loaded = loads.doCall(id, () -> readFromDatabase(id)).value();
        cache.put(id, loaded);
        return loaded;
    }
    // @end

    @Test
    void doCall() throws Exception {
        assertThat(user("alice")).isEqualTo(new User("alice"));
        assertThat(user("alice")).isEqualTo(new User("alice"));
        assertThat(reads).hasValue(1);
    }

    @Test
    void doChan() throws Exception {
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1))) {
            // @start region=doChan
            ReceiveChannel<SingleFlight.Result<User>> ch =
                    loads.doChan("bob", () -> readFromDatabase("bob"));        // ch := loads.DoChan(...)
            SingleFlight.Result<User> r = ch.receive(ctx);                     // select { case r := <-ch: ...
            User bob = r.get();                                                //          case <-ctx.Done(): }
            // @end
            assertThat(bob).isEqualTo(new User("bob"));
            assertThat(r.shared()).isFalse();
        }
    }
}
