package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Go's {@code test/chan/select.go}, ported to the public API: a select with a default sends on each of
 * two buffered channels once (a fired case is then disabled by setting it to the nil channel), then
 * takes the default; every send expression is evaluated on every pass, nil case or not.
 */
class GoSelectTest {
    private int counter;
    private int shift;

    private int getValue() {
        counter++;
        return 1 << shift;
    }

    private int send(Channel<Integer> a, Channel<Integer> b) throws InterruptedException {
        int i = 0;
        for (;;) {
            Channel<Integer> ca = a;
            Channel<Integer> cb = b;
            String fired = new Select<String>()
                    .onSend(ca, getValue(), () -> "a")
                    .onSend(cb, getValue(), () -> "b")
                    .orDefault(() -> "default")
                    .run();
            switch (fired) {
                case "a" -> {
                    i++;
                    a = Channel.nil();
                }
                case "b" -> {
                    i++;
                    b = Channel.nil();
                }
                default -> {
                    return i;
                }
            }
            shift++;
        }
    }

    /** {@code select.go}: two sends then the default; the values are distinct bits; 10 evaluations in all. */
    @Test
    void testSelect() throws Exception {
        Channel<Integer> a = Channel.make(1);
        Channel<Integer> b = Channel.make(1);
        assertThat(send(a, b)).as("Send returned").isEqualTo(2);
        int av = a.receive();
        int bv = b.receive();
        assertThat(av | bv).as("bad values %d %d", av, bv).isEqualTo(3);
        assertThat(send(a, Channel.nil())).as("Send returned").isEqualTo(1);
        assertThat(counter).as("counter").isEqualTo(10);
    }
}
