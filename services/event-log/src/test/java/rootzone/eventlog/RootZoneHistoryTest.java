package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.testsupport.ExternalTools;
import rootzone.testsupport.SharedData;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * Real root zone versions (from the shared history bundle, outside the repository) through the log:
 * write 6 consecutive versions with a snapshot at the 4th, then rebuild every serial exactly, and
 * bootstrap from the snapshot. Skips when the bundle or git is absent.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RootZoneHistoryTest {

    private static final int VERSIONS = 6;

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return ExternalTools.run(dir, command.toArray(String[]::new));
    }

    @Test
    void realRootZoneVersionsRebuildExactly(@TempDir Path tmp) throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Path bundle = SharedData.historyBundleOrSkip();
        Path repo = tmp.resolve("rz.git");
        try {
            git(tmp, "clone", "--quiet", "--bare", bundle.toString(), repo.toString());
        } catch (IOException e) {
            Assumptions.abort("git cannot clone the bundle: " + e.getMessage());
        }
        List<String> commits = git(repo, "rev-list", "--reverse", "HEAD").lines().limit(VERSIONS).toList();
        List<Zone> zones = new ArrayList<>();
        for (String c : commits) {
            byte[] text = git(repo, "show", c + ":root.zone").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            zones.add(ZoneParser.parse(text, Name.root, c));
        }
        String zone = "."; // the only test of this module writing the root: the broker is fresh per run
        String producer = "history-test-" + UUID.randomUUID();
        List<WrittenVersion> written = new ArrayList<>();
        try (EventWriter writer = new EventWriter(kafka, "rootzone-publisher-" + producer, producer)) {
            VersionWriter versions = new VersionWriter(writer, rootzone.eventlog.testing.TestPublisherKey.signer());
            for (int i = 0; i < zones.size(); i++) {
                VersionInfo info = new VersionInfo("history-test", "import", Instant.parse("2023-11-04T00:00:00Z"), true, null, i == 3);
                written.add(versions.write(i == 0 ? null : zones.get(i - 1), zones.get(i), info));
            }
        }
        assertTrue(written.get(0).chunkCount() >= 1);
        VersionLog log = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted());
        for (Zone z : zones) {
            assertEquals(z, log.rebuild(zone, z.serial()), "serial " + z.serial());
        }
        SnapshotReader.Snapshot snapshot = new SnapshotReader(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).latest(zone).orElseThrow();
        assertEquals(zones.get(3).serial(), snapshot.serial());
        assertEquals(written.get(3).committedOffset(), snapshot.versionsOffset());
        assertEquals(zones.get(5), log.rebuild(zone, snapshot, zones.get(5).serial()));
        LastCommitted last = log.lastCommitted(zone).orElseThrow();
        assertEquals(zones.get(5).serial(), last.serial());
        assertTrue(last.intact(), last::toString);
        System.out.printf("root zone: %d versions, first %d records in %d chunks, deltas %s chunks%n", zones.size(),
                zones.get(0).size(), written.get(0).chunkCount(),
                written.subList(1, written.size()).stream().map(w -> Integer.toString(w.chunkCount())).toList());
    }
}
