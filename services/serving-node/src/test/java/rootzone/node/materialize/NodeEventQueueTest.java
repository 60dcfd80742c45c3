package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.events.RejectReason;
import rootzone.node.witness.NodeWitness;

/**
 * The outgoing events alone: written in order, retried after a failure without being dropped or
 * cosigned twice, each NodeApplied cosigned just before it is written, what is queued written on close.
 */
class NodeEventQueueTest {

    /** Fails its first {@code failures} writes, as Kafka would while away; records what it took. */
    static final class Sink implements NodeEventQueue.Sink {
        final List<String> written = new CopyOnWriteArrayList<>();
        int failures;
        int resets;
        boolean closed;

        Sink(int failures) {
            this.failures = failures;
        }

        @Override
        public synchronized void write(NodeEvent event, Optional<NodeWitness.Outcome.Cosigned> cosigned) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("broker away");
            }
            written.add(describe(event) + cosigned.map(c -> " cosigned " + c.size()).orElse(""));
        }

        @Override
        public synchronized void reset() {
            resets++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static String describe(NodeEvent e) {
        if (e instanceof NodeEvent.Applied a) {
            return "applied " + a.serial();
        }
        return "rejected " + ((NodeEvent.Rejected) e).serial();
    }

    static NodeEvent.Applied applied(long serial) {
        return new NodeEvent.Applied(serial, serial * 3, new byte[32], Instant.EPOCH);
    }

    static NodeEvent.Rejected rejected(long serial) {
        return new NodeEvent.Rejected(serial * 3, serial, null, "test", new Refusal(RejectReason.DIGEST_MISMATCH, "test"));
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void writesInOrderRetriesAndCosignsEachAppliedOnce() throws Exception {
        Sink sink = new Sink(2);
        List<Long> cosigned = new CopyOnWriteArrayList<>();
        NodeEventQueue.Cosigner witness = (serial, digest) -> {
            cosigned.add(serial);
            if (serial == 4) {
                throw new IllegalStateException("a broken witness");
            }
            return Optional.of(new NodeWitness.Outcome.Cosigned(serial * 10, new byte[32], "w " + serial));
        };
        NodeEventQueue queue = new NodeEventQueue("q.test.", sink, witness, Duration.ofMillis(5));
        queue.add(applied(1));
        queue.add(rejected(2));
        queue.add(applied(3));
        queue.add(applied(4));
        assertEquals(4, queue.pending(), "nothing is written before start");
        assertEquals(List.of(), cosigned, "nor cosigned");
        queue.start();
        await("all written", () -> queue.pending() == 0);
        assertEquals(List.of("applied 1 cosigned 10", "rejected 2", "applied 3 cosigned 30", "applied 4"), sink.written,
                "a witness that fails leaves its NodeApplied uncosigned, not unwritten");
        assertEquals(List.of(1L, 3L, 4L), cosigned, "each NodeApplied cosigned once, in order, although its write was retried");
        assertEquals(2, sink.resets);
        queue.close();
        assertTrue(sink.closed);
    }

    @Test
    void closeWritesWhatIsQueued() {
        Sink sink = new Sink(0);
        NodeEventQueue queue = new NodeEventQueue("q.test.", sink, NodeEventQueue.Cosigner.NONE, Duration.ofMillis(5));
        queue.start();
        for (long serial = 1; serial <= 5; serial++) {
            queue.add(applied(serial));
        }
        queue.close();
        assertEquals(List.of("applied 1", "applied 2", "applied 3", "applied 4", "applied 5"), sink.written);
        assertEquals(0, queue.pending());
    }
}
