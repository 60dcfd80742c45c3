package rootzone.node.materialize;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.LoggedVersion;

/**
 * Follows a zone's versions log on its own daemon thread ({@code materializer-<zone>}) until
 * {@link #close()}: asks its handler where to start (the handler bootstraps the first time), then
 * hands every version and forgery read to it, in log order. Whenever the log fails it says so,
 * pauses {@code retryPause} and starts again from the handler's position.
 */
public final class VersionsFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VersionsFollower.class);

    /** What is done with the log; called on the follower's thread only. */
    public interface Handler {
        /**
         * Where to read from now (bootstrapping first when the node has nothing yet).
         *
         * @throws RuntimeException when the log cannot be reached: retried after the pause
         */
        long startFrom(VersionSource source);

        /** The log is being followed (true) or failed and is retried (false). */
        void connected(boolean connected);

        void version(LoggedVersion v);

        void forgery(Forgery f);
    }

    private final String zone;
    private final VersionSource source;
    private final Handler handler;
    private final Duration retryPause;
    private final LogThread thread;
    /** Where the follower last started reading (its thread only). */
    private long from = -1;

    public VersionsFollower(String zone, VersionSource source, Handler handler, Duration retryPause) {
        this.zone = Objects.requireNonNull(zone);
        this.source = Objects.requireNonNull(source);
        this.handler = Objects.requireNonNull(handler);
        this.retryPause = Objects.requireNonNull(retryPause);
        this.thread = LogThread.belowAnswers("materializer-" + zone);
    }

    public void start() {
        thread.start(this::run);
    }

    private void run() {
        Consumer<LoggedVersion> onVersion = handler::version;
        Consumer<Forgery> onForgery = handler::forgery;
        thread.retry(retryPause, () -> {
            from = handler.startFrom(source);
            handler.connected(true);
            source.follow(from, onVersion, onForgery, thread::stopped);
        }, e -> {
            handler.connected(false);
            LOG.warnf("following %s from offset %d failed, retrying in %d ms: %s", zone, from, retryPause.toMillis(), e.getMessage());
        });
        handler.connected(false);
    }

    /** Stops following (within about half a second: the source checks the stop at least that often). */
    @Override
    public void close() {
        thread.stop(false);
        thread.join(Duration.ofSeconds(10));
    }
}
