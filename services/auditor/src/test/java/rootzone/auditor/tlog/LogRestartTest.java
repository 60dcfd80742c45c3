package rootzone.auditor.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import rootzone.auditor.resume.ReplayPositionFile;
import rootzone.auditor.replay.EventAuditor;
import rootzone.auditor.replay.NodeApplies;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.testing.TestLogKeys;
import rootzone.auditor.testing.TestLogOperator;
import rootzone.auditor.testing.TestZones;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.eventlog.tlog.LogNames;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.tlog.tile.TilePaths;
import rootzone.zone.Zone;

/**
 * A restarted auditor resumes each transparency log from its store (TiledLog.open, the checkpoint's
 * signature checked again) and its event audit from its positions: the log is at its size before a
 * single record is read, later checkpoints are proven consistent with it by appending to it, a rewrite
 * after the restart is still reported, and a store that was tampered with is set aside and the log
 * replayed from offset 0.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LogRestartTest {

    private static final String ZONE = "tlog-restart.";
    private static final String LOG = "tlog-restart";
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path dataDir;

    private record Running(EventAuditor auditor, TransparencyLogs logs, Thread thread) {
        void stop() throws InterruptedException {
            auditor.stop();
            thread.join(10_000);
            assertFalse(thread.isAlive());
        }

        AuditedLog log() {
            return logs.log(LOG);
        }

        List<LogFinding> findings() {
            return logs.findingsOf(log(), auditor.caughtUpAt());
        }
    }

    private Running start() {
        List<String> keys = List.of(TestLogKeys.auditorConfig().get("rootzone.auditor.log-keys").split(","));
        TransparencyLogs logs = new TransparencyLogs(List.of(ZONE), LogNames.DEFAULT_PREFIX, TransparencyLogs.readKeys(keys), List.of(), dataDir);
        EventAuditor auditor = new EventAuditor(SharedKafkaBroker.connection(Role.AUDITOR), TestPublisherKey.trusted(), new NodeApplies(),
                new RejectionLog(), new ReplayPositionFile(dataDir), Duration.ofMillis(100), logs);
        Thread t = new Thread(auditor, "test-auditor");
        t.setDaemon(true);
        t.start();
        return new Running(auditor, logs, t);
    }

    @Test
    void aRestartResumesFromTheStoreAndStillDetectsARewrite() throws Exception {
        try (TestLogOperator op = new TestLogOperator(ZONE)) {
            Running first = start();
            for (int i = 1; i <= 3; i++) {
                op.publish(zone(i), info(i));
            }
            long[] since = {System.nanoTime()};
            await(() -> first.log().tree().size() == 3 && first.auditor().caughtUpAt() > since[0], "three leaves");
            assertEquals(List.of(), first.findings());
            first.stop();

            Running second = start();
            // before any record is read: the tree and its signed checkpoint are back from the store
            assertEquals(3, second.log().tree().size());
            assertEquals(first.log().checkpoint(), second.log().checkpoint());
            assertFalse(second.log().reset());
            op.publish(zone(4), info(4));
            since[0] = System.nanoTime();
            await(() -> second.log().tree().size() == 4 && second.auditor().caughtUpAt() > since[0], "the fourth leaf");
            assertNotNull(second.auditor().resumedFrom(), "continued from the event audit's positions");
            assertEquals(List.of(), second.findings(), "every leaf still paired with its event across the restart");

            // a rewrite after the restart: the fifth version's entry rewritten under its genuine note
            Zone v5 = zone(5);
            op.versionOnly(v5, info(5));
            byte[] genuine = op.entryOf(v5, zone(4), info(5)).bytes();
            var staged = op.log().stage(List.of(genuine));
            byte[] rewritten = new String(genuine, StandardCharsets.UTF_8).replace("imported false", "imported true").getBytes(StandardCharsets.UTF_8);
            op.send(4, List.of(rewritten), 5, staged.root(), op.sign(5, staged.root()));
            await(() -> second.log().halted() != null, "the rewrite reported");
            assertTrue(second.findings().stream().anyMatch(f -> f instanceof LogFinding.Mismatch m && m.verifiedSize() == 4), second.findings().toString());
            second.stop();

            // the store tampered with while the auditor was down: not trusted, replayed from offset 0
            Path tile = dataDir.resolve("log").resolve(LOG).resolve(TilePaths.tile(0, 0, 4));
            byte[] data = Files.readAllBytes(tile);
            data[0] ^= 1;
            Files.write(tile, data);
            Running third = start();
            assertTrue(third.log().reset());
            assertEquals(0, third.log().tree().size());
            await(() -> third.log().halted() != null && third.log().tree().size() == 4, "the replay from offset 0");
            assertNull(third.auditor().resumedFrom());
            assertTrue(Arrays.stream(dataDir.resolve("log").toFile().list()).anyMatch(n -> n.startsWith(LOG + ".untrusted-")));
            third.stop();
        }
    }

    private static VersionInfo info(int i) {
        return VersionInfo.published("alice", "http", AT.plusSeconds(i));
    }

    private static Zone zone(long serial) {
        return TestZones.zone(ZONE, serial, List.of("com", "n" + serial), 3600);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
