package dev.go4j.patterns.workerpool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: the {@link WorkerPool}'s lock-free queue answering "full" or "empty" from a slot that
 * another thread has claimed but not yet finished with.
 *
 * <p>Hypotheses: an offer made right after the same thread's completed poll finds room, whatever a
 * second poller has half done ({@code OfferAfterPoll}); a poll made right after the same thread's
 * completed offer finds a value, whatever a second offer has half done ({@code PollAfterOffer}). A
 * wrong "full" blocks a submit beside a free slot; a wrong "empty" sends a worker idle beside a task.
 * The window is a few instructions wide; {@code TaskQueueTest} stages it by hand.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t TaskQueueOfferPoll}.
 */
public final class TaskQueueOfferPoll {
    private TaskQueueOfferPoll() {}

    /**
     * A queue of capacity 2 holding 1 and 2. r1 = the value actor 1 polled, r2 = its offer's status
     * ({@link TaskQueue#OK} 0, {@link TaskQueue#FULL} 1), r3 = the value actor 2 polled, r4 = values left.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 2, 1", expect = ACCEPTABLE, desc = "actor 1 polled first, offered its value back")
    @Outcome(id = "2, 0, 1, 1", expect = ACCEPTABLE, desc = "actor 2 polled first, actor 1 offered the second value back")
    @Outcome(id = "[12], 1, .*", expect = FORBIDDEN,
            desc = "offer said full although actor 1's own poll had left room (a poll finishing on the tail slot)")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a value lost or duplicated")
    @State
    public static class OfferAfterPoll {
        private final TaskQueue q = new TaskQueue(2);

        public OfferAfterPoll() {
            q.offer(1);
            q.offer(2);
        }

        @Actor
        public void pollThenOffer(IIII_Result r) {
            Object v = q.poll();
            r.r1 = v == null ? 0 : (Integer) v;
            r.r2 = v == null ? -1 : q.offer(v);
        }

        @Actor
        public void poll(IIII_Result r) {
            Object v = q.poll();
            r.r3 = v == null ? 0 : (Integer) v;
        }

        @Arbiter
        public void left(IIII_Result r) {
            int n = 0;
            while (q.poll() != null) {
                n++;
            }
            r.r4 = n;
        }
    }

    /**
     * An empty queue of capacity 2. r1 = actor 1's offer status ({@link TaskQueue#OK} 0), r2 = actor
     * 2's, r3 = the value actor 2 polled (0: none), r4 = the value left (0: none; 12: both).
     */
    @JCStressTest
    @Outcome(id = "0, 0, 1, 2", expect = ACCEPTABLE, desc = "actor 1 offered first: actor 2 polled its value")
    @Outcome(id = "0, 0, 2, 1", expect = ACCEPTABLE, desc = "actor 2 polled its own value, or offered before actor 1")
    @Outcome(id = "0, 0, 0, .*", expect = FORBIDDEN,
            desc = "poll found nothing although actor 2's own offer had completed (an offer publishing at the head)")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a value lost or duplicated")
    @State
    public static class PollAfterOffer {
        private final TaskQueue q = new TaskQueue(2);

        @Actor
        public void offer(IIII_Result r) {
            r.r1 = q.offer(1);
        }

        @Actor
        public void offerThenPoll(IIII_Result r) {
            r.r2 = q.offer(2);
            Object v = q.poll();
            r.r3 = v == null ? 0 : (Integer) v;
        }

        @Arbiter
        public void left(IIII_Result r) {
            int left = 0;
            for (Object v; (v = q.poll()) != null; ) {
                left = left * 10 + (Integer) v;
            }
            r.r4 = left;
        }
    }
}
