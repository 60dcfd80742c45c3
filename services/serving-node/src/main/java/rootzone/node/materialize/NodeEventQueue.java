package rootzone.node.materialize;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import rootzone.eventlog.LogThread;
import rootzone.node.witness.NodeWitness;

/**
 * The node's outgoing events (NodeApplied, VersionRejected), written in order on their own thread
 * ({@code node-events-<zone>}), off the apply path: a slow Kafka transaction or the witness's wait
 * for a checkpoint never delays the next version. A Kafka failure delays the events (retried every
 * retry pause), it never drops them while the process lives; {@link #close()} writes what is still
 * queued for a few seconds, as long as Kafka takes it.
 *
 * <p>When the node is a witness, each NodeApplied is cosigned here, just before it is first
 * written: one at a time and in the order the versions were applied, once per event (a retried write
 * sends the same cosignature), so the witness sees the log's checkpoints grow as the node served
 * them. The Witness itself refuses a fork or a rollback.
 */
public final class NodeEventQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeEventQueue.class);
    /** How long close() goes on writing queued events. */
    private static final Duration DRAIN = Duration.ofSeconds(3);

    /** Where the events go: {@link NodeEventWriter}, one Kafka transaction each. */
    public interface Sink {
        /** @throws RuntimeException when Kafka did not take it; the event is retried after {@link #reset()} */
        void write(NodeEvent event, Optional<NodeWitness.Outcome.Cosigned> cosigned);

        /** Drops a writer that failed (fenced, broken connection): the next write makes a new one. */
        void reset();

        void close();
    }

    /** Cosigns the zone log's checkpoint that includes an applied version (the node's witness), or does not. */
    @FunctionalInterface
    public interface Cosigner {
        Cosigner NONE = (serial, digest) -> Optional.empty();

        Optional<NodeWitness.Outcome.Cosigned> cosign(long serial, byte[] digest);
    }

    /** A queued event; {@code cosigned} is null until a NodeApplied was cosigned (or not). */
    private static final class Entry {
        final NodeEvent event;
        Optional<NodeWitness.Outcome.Cosigned> cosigned;

        Entry(NodeEvent event) {
            this.event = event;
            this.cosigned = event instanceof NodeEvent.Applied ? null : Optional.empty();
        }
    }

    private final String zone;
    private final Sink sink;
    private final Cosigner cosigner;
    private final Duration retryPause;
    private final Deque<Entry> queue = new ArrayDeque<>(); // guarded by this; the head is written until it succeeds
    private boolean closing;
    private long drainUntil;
    private final LogThread thread;

    public NodeEventQueue(String zone, Sink sink, Cosigner cosigner, Duration retryPause) {
        this.zone = Objects.requireNonNull(zone);
        this.sink = Objects.requireNonNull(sink);
        this.cosigner = Objects.requireNonNull(cosigner);
        this.retryPause = Objects.requireNonNull(retryPause);
        this.thread = LogThread.belowAnswers("node-events-" + zone);
    }

    /** Queues an event; returns at once. Written once {@link #start()} ran. */
    public synchronized void add(NodeEvent event) {
        queue.addLast(new Entry(Objects.requireNonNull(event)));
        notifyAll();
    }

    /** Events not written yet, the one being written included. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Starts writing, on a new daemon thread. Once. */
    public void start() {
        thread.start(this::run);
    }

    private void run() {
        while (true) {
            Entry next;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty() || closing && System.nanoTime() > drainUntil) {
                    return;
                }
                next = queue.peekFirst();
            }
            if (next.cosigned == null) {
                next.cosigned = cosign((NodeEvent.Applied) next.event);
            }
            try {
                sink.write(next.event, next.cosigned);
                synchronized (this) {
                    queue.removeFirst();
                }
            } catch (RuntimeException e) {
                sink.reset();
                LOG.warnf("cannot write node events yet (%d queued): %s", pending(), e.getMessage());
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** A witness that fails leaves the NodeApplied uncosigned: the event itself must go out. */
    private Optional<NodeWitness.Outcome.Cosigned> cosign(NodeEvent.Applied a) {
        try {
            return cosigner.cosign(a.serial(), a.digest());
        } catch (RuntimeException e) {
            LOG.errorf(e, "serial %d applied without cosigning: the witness failed", a.serial());
            return Optional.empty();
        }
    }

    /** @return false when closing: what is left stays unwritten */
    private synchronized boolean pause() {
        long until = System.nanoTime() + retryPause.toNanos();
        while (!closing) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    /** Writes what is queued for at most a few seconds (while Kafka takes it), then closes the writer. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            drainUntil = System.nanoTime() + DRAIN.toNanos();
            notifyAll();
        }
        if (!thread.join(DRAIN.plusSeconds(2))) {
            // Stuck in a Kafka call (a broker that is gone): the writer is in use; the daemon thread ends with the process.
            LOG.warnf("node events of %s: %d left unwritten at shutdown", zone, pending());
            return;
        }
        int left = pending();
        if (left > 0) {
            LOG.warnf("node events of %s: %d left unwritten at shutdown", zone, left);
        }
        sink.close();
    }
}
