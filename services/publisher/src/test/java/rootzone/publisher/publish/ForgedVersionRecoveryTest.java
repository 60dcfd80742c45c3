package rootzone.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.publisher.support.TestZones;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * A forger writes a version under the publisher's own producer name with EventWriter and VersionWriter
 * (real broker) but another key. The publisher restarts past it, publishes its real next version
 * (the log's chain and serials stay whole) and restarts again.
 */
class ForgedVersionRecoveryTest {

    private static final String ZONE = "forged.example.";
    private static final String TX = "rootzone-publisher-forged-test";

    @Test
    void theForgeryIsNeverTheHeadAndEveryRestartSucceeds() throws Exception {
        // The forger holds the publisher's own Kafka credentials: only the signing key is missing.
        KafkaConnection bootstrap = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = Name.fromString(ZONE);
        try (ZonePublisher p = start(bootstrap, origin)) {
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(version(1, Set.of()), request()).status());
        }
        Zone v1 = ZoneParser.parse(version(1, Set.of()), origin, "test");
        Zone forged = ZoneParser.parse(version(2, Set.of(1, 2, 3)), origin, "test");
        try (EventWriter evil = new EventWriter(bootstrap, "rootzone-publisher-evil-" + ZONE, "publisher-test")) {
            new VersionWriter(evil, new PublisherSigner(Ed25519Keys.generate().getPrivate()))
                    .write(v1, forged, VersionInfo.published("mallory", "http", Instant.now()).withSnapshot(true));
        }
        try (ZonePublisher restarted = start(bootstrap, origin)) {
            assertEquals(1L, restarted.head().orElseThrow().serial(), "the forged serial 2 is not the head");
            assertEquals(PublishOutcome.Status.PUBLISHED, restarted.publish(version(2, Set.of(1)), request()).status());
        }
        try (ZonePublisher again = start(bootstrap, origin)) {
            assertEquals(2L, again.head().orElseThrow().serial());
            assertEquals(PublishOutcome.Status.PUBLISHED, again.publish(version(3, Set.of(1, 4)), request()).status());
        }
        LastCommitted last = new VersionLog(bootstrap, TestPublisherKey.trusted()).lastCommitted(ZONE).orElseThrow();
        assertEquals(3L, last.serial());
        assertEquals(3, last.versions(), "three real versions; the forgery is not one");
        assertTrue(last.intact(), "no chain break, no serial gap: " + last.chainBreak() + " " + last.serialProblem());
    }

    @Test
    void aMissingOrTooOpenKeyFileStopsThePublisherClearly() throws Exception {
        Path dir = Files.createTempDirectory("publisher-keys-");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> PublisherKeys.load(dir.resolve("nope.key"), List.of()));
        assertTrue(missing.getMessage().contains("rootzone.publisher.signing-key-file") && missing.getMessage().contains("does not exist"),
                missing.getMessage());
        Path key = dir.resolve("k.key");
        KeyFiles.generate(key, dir.resolve("k.pub"));
        assertEquals(Ed25519Keys.keyId(Ed25519Keys.publicKeyFromBase64(Files.readString(dir.resolve("k.pub")))),
                PublisherKeys.load(key, List.of()).signer().keyId());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException open = assertThrows(IllegalStateException.class, () -> PublisherKeys.load(key, List.of()));
        assertTrue(open.getMessage().contains("too open"), open.getMessage());
    }

    private static ZonePublisher start(KafkaConnection bootstrap, Name origin) {
        return ZonePublisher.start(bootstrap, TX, "publisher-test", origin, ZonePolicy.defaults(), 100, Gatekeeper.standard(),
                PublisherKeys.of(TestPublisherKey.signer()), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC());
    }

    private static byte[] version(long serial, Set<Integer> changed) {
        return TestZones.text(ZONE, serial, 50, changed).getBytes(StandardCharsets.US_ASCII);
    }

    private static PublishRequest request() {
        return PublishRequest.configured("test", "test", Instant.now());
    }
}
