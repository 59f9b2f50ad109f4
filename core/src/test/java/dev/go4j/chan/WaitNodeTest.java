package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The wait nodes and queues the channel builds on: a plain operation's node is its own waiter, a
 * select's nodes share one, and a queue hands back every waiter it fired exactly once.
 */
class WaitNodeTest {

    @Test
    void aPlainOperationsNodeIsItsOwnWaiterOnCaseZero() {
        WaitNode n = new WaitNode("v");
        assertThat(n.waiter).isSameAs(n);
        assertThat(n.caseIndex).isZero();
        assertThat(n.item).isEqualTo("v");
        assertThat(n.waiter.tryFire(n.caseIndex)).isTrue();
        assertThat(n.settled()).isTrue();
        assertThat(n.waiter.tryFire(n.caseIndex)).as("a settled waiter fires once").isFalse();
    }

    @Test
    void aSelectsNodesShareOneWaiterSoOnlyOneCaseFires() {
        Waiter select = new Waiter();
        WaitNode a = new WaitNode(select, 0, null);
        WaitNode b = new WaitNode(select, 1, null);
        assertThat(b.waiter.tryFire(b.caseIndex)).isTrue();
        assertThat(a.waiter.tryFire(a.caseIndex)).isFalse();
        assertThat(select.await(false, 0L, 0)).isEqualTo(1);
        assertThat(a.settled()).as("the node's own waiter fields are unused").isFalse();
    }

    @Test
    void aQueueHandsBackTheWaitersItFiredOnceThenNone() {
        WaitQueue q = new WaitQueue();
        WaitNode x = new WaitNode(null);
        WaitNode y = new WaitNode(null);
        q.add(x);
        q.add(y);
        WaitNode first = q.fireFirst("a");
        q.addWake(first.waiter);
        WaitNode second = q.fireFirst("b");
        q.addWake(second.waiter);

        assertThat(first).isSameAs(x);
        assertThat(second).isSameAs(y);
        assertThat(q.isEmpty()).isTrue();
        Waiter chain = q.takeWakes();
        assertThat(chain).isSameAs(y);
        assertThat(chain.nextWake).isSameAs(x);
        assertThat(x.nextWake).isNull();
        assertThat(q.takeWakes()).isNull();
    }

    @Test
    void aChannelHandsBackTheWaitersBothOfItsQueuesFired() throws InterruptedException {
        HChan<String> c = new HChan<>(0);
        WaitNode receiver = new WaitNode(null);
        WaitNode sender = new WaitNode("v");
        c.lock();
        try {
            c.enqueueLocked(receiver, true);
            c.enqueueLocked(sender, false);
            // Both queues fire in one critical section, as close does.
            assertThat(c.sendLocked("w")).isEqualTo(HChan.SENT);
            assertThat(c.recvLocked()).isEqualTo("v");
            Waiter chain = c.takeWakes();
            assertThat(chain).isSameAs(receiver);
            assertThat(chain.nextWake).isSameAs(sender);
            assertThat(sender.nextWake).isNull();
            assertThat(c.takeWakes()).isNull();
        } finally {
            c.unlock();
        }
        assertThat(receiver.item).isEqualTo("w");
    }
}
