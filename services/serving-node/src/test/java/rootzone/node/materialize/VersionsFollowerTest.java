package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.zone.Zone;

/** The follower alone, over a log that fails once: it retries from the handler's position, in order. */
class VersionsFollowerTest {

    /** A log of two versions whose first read fails (Kafka away), then delivers them and waits. */
    static final class FlakyLog implements VersionSource {
        final List<Long> followedFrom = new CopyOnWriteArrayList<>();
        final LoggedVersion[] versions;

        FlakyLog(LoggedVersion... versions) {
            this.versions = versions;
        }

        @Override
        public Optional<SnapshotReader.Snapshot> latestSnapshot(Consumer<Forgery> onForgery) {
            return Optional.empty();
        }

        @Override
        public Optional<Zone> snapshotAt(LoggedVersion version) {
            return Optional.empty();
        }

        @Override
        public void follow(long fromOffset, Consumer<LoggedVersion> onVersion, Consumer<Forgery> onForgery, BooleanSupplier stop) {
            followedFrom.add(fromOffset);
            if (followedFrom.size() == 1) {
                throw new IllegalStateException("broker away");
            }
            for (LoggedVersion v : versions) {
                if (v.offset() >= fromOffset) {
                    onVersion.accept(v);
                }
            }
            for (int i = 0; i < 500 && !stop.getAsBoolean(); i++) { // as the real log: checks the stop often
                sleep(10);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void retriesAfterAFailureFromTheHandlersPositionAndStopsOnClose() throws Exception {
        Zone v0 = VersionSwitcherTest.v(0);
        Zone v1 = VersionSwitcherTest.v(1);
        FlakyLog log = new FlakyLog(VersionSwitcherTest.logged(0, null, v0), VersionSwitcherTest.logged(3, v0, v1));
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        VersionsFollower.Handler handler = new VersionsFollower.Handler() {
            long position;

            @Override
            public long startFrom(VersionSource source) {
                calls.add("start " + position);
                return position;
            }

            @Override
            public void connected(boolean connected) {
                calls.add("connected " + connected);
            }

            @Override
            public void version(LoggedVersion v) {
                calls.add("version " + v.serial());
                position = v.offset() + 1;
                both.countDown();
            }

            @Override
            public void forgery(Forgery f) {
                calls.add("forgery " + f.offset());
            }
        };
        VersionsFollower follower = new VersionsFollower("switch.test.", log, handler, Duration.ofMillis(10));
        follower.start();
        assertTrue(both.await(10, TimeUnit.SECONDS), "both versions delivered: " + calls);
        follower.close();
        assertEquals(List.of("start 0", "connected true", "connected false", "start 0", "connected true", "version 100",
                "version 101", "connected false"), calls);
        assertEquals(List.of(0L, 0L), log.followedFrom);
    }
}
