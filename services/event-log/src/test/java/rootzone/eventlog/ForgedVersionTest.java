package rootzone.eventlog;

import rootzone.events.AvroBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Name;
import rootzone.eventlog.signing.CanonicalForm;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;

/**
 * A forger who can write to the topics, even as the publisher's producer name, with EventWriter and
 * VersionWriter: versions signed with another key, and an unsigned one, on a real broker. Readers
 * skip them, the publisher's writer does not take them as its chain tip, the chain verifier calls
 * them forgeries and still finds the publisher's chain whole.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ForgedVersionTest {

    @Test
    void forgeriesAreSkippedReportedAndNeverTheTip() {
        // The forger holds the publisher's own Kafka credentials: only the signing key is missing.
        KafkaConnection bootstrap = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = VersionLogTest.freshOrigin();
        String zone = ZoneKeys.of(origin);
        TrustedPublishers trusted = TestPublisherKey.trusted();
        PublisherSigner forgerKey = new PublisherSigner(Ed25519Keys.generate().getPrivate());
        Zone v1 = TestZones.zone(origin, 1, 20, 0);
        Zone forged = TestZones.zone(origin, 2, 25, 0);
        Zone v2 = TestZones.zone(origin, 2, 21, 0);
        Zone v3 = TestZones.zone(origin, 3, 22, 0);
        String tx = "rootzone-publisher-test-" + zone;

        try (EventWriter real = new EventWriter(bootstrap, tx, "publisher-1", java.time.Clock.systemUTC(), OwnEvents.signedBy(trusted))) {
            new VersionWriter(real, TestPublisherKey.signer()).write(null, v1, VersionLogTest.info().withSnapshot(true));
        }
        // The forger, impersonating publisher-1 (it picks up the real chain tip), with its own key ...
        try (EventWriter evil = new EventWriter(bootstrap, "rootzone-publisher-evil-" + zone, "publisher-1")) {
            new VersionWriter(evil, forgerKey).write(v1, forged, VersionLogTest.info().withSnapshot(true));
            // ... and unsigned: a commit without chunks, claiming serial 3.
            evil.writeOne(Topics.VERSIONS, zone, zone, ZoneVersionCommitted.newBuilder()
                    .setEnvelope(Envelopes.placeholder()).setSerial(3).setPreviousSerial(2L)
                    .setContentDigest(ByteBuffer.wrap(new byte[32])).setRecordCount(0).setRemovedCount(0).setAddedCount(0)
                    .setChunkCount(0).setPublisher("tester").setSource("test").setCapturedAt(Instant.now()).build());
        }
        // The real publisher restarts: its recovered chain tip must be its own last event, not the forger's.
        try (EventWriter real = new EventWriter(bootstrap, tx, "publisher-1", java.time.Clock.systemUTC(), OwnEvents.signedBy(trusted))) {
            VersionWriter versions = new VersionWriter(real, TestPublisherKey.signer());
            versions.write(v1, v2, VersionLogTest.info());
            versions.write(v2, v3, VersionLogTest.info());
        }

        VersionLog log = new VersionLog(bootstrap, trusted);
        List<Forgery> skipped = new ArrayList<>();
        List<LoggedVersion> all = new ArrayList<>();
        log.replay(zone, 0, all::add, skipped::add);
        assertEquals(List.of(1L, 2L, 3L), all.stream().map(LoggedVersion::serial).toList());
        assertArrayEquals(ContentDigest.of(v2), AvroBytes.toArray(all.get(1).committed().getContentDigest()));
        assertEquals(v3, log.rebuild(zone, 3));
        assertEquals(2, skipped.stream().filter(f -> f.eventType().equals("ZoneVersionCommitted")).count(), skipped.toString());
        assertTrue(skipped.stream().allMatch(f -> "publisher-1".equals(f.producer())));

        LastCommitted last = log.lastCommitted(zone).orElseThrow();
        assertEquals(3, last.serial());
        assertTrue(last.intact(), "the real chain holds: " + last.chainBreak() + " " + last.serialProblem());

        ChainVerifier chains = new ChainVerifier(trusted);
        for (var r : EventWriterTest.committed(Topics.VERSIONS, zone)) {
            chains.accept(r.topic(), r.partition(), r.offset(), r.key(), r.value());
        }
        assertTrue(chains.firstBreak().isEmpty(), "no break blamed on the publisher's events: " + chains.firstBreak());
        List<Forgery> forgeries = chains.forgeries();
        assertEquals(2, forgeries.stream().filter(f -> f.eventType().equals("ZoneVersionCommitted")).count(), forgeries.toString());
        assertTrue(forgeries.stream().anyMatch(f -> f.eventType().equals("ZoneVersionChunk")), "the forged version's chunks too");
        assertTrue(forgeries.stream().anyMatch(f -> f.why().contains("no publisher signature")), forgeries.toString());
        assertTrue(forgeries.stream().anyMatch(f -> f.why().contains("not among the trusted")), forgeries.toString());

        // The forged snapshot head (serial 2, another key) is never the snapshot: the real one of serial 1 is.
        SnapshotReader snapshots = new SnapshotReader(bootstrap, trusted);
        List<Forgery> heads = new ArrayList<>();
        SnapshotReader.Snapshot s = snapshots.latest(zone, heads::add).orElseThrow();
        assertEquals(1, s.serial());
        assertEquals(1, heads.size());
        assertEquals("ZoneSnapshotHead", heads.get(0).eventType());
    }

    @Test
    void rotationTrustsEitherKeyAndTheSignatureCoversEveryField() {
        PublisherSigner oldKey = new PublisherSigner(Ed25519Keys.generate().getPrivate());
        PublisherSigner newKey = new PublisherSigner(Ed25519Keys.generate().getPrivate());
        TrustedPublishers both = TrustedPublishers.of(List.of(oldKey.publicKey(), newKey.publicKey()));
        ZoneVersionCommitted a = commit();
        ZoneVersionCommitted b = commit();
        oldKey.sign(".", a);
        newKey.sign(".", b);
        assertTrue(both.verify(".", a).trusted());
        assertTrue(both.verify(".", b).trusted());
        assertFalse(TrustedPublishers.of(List.of(newKey.publicKey())).verify(".", a).trusted());
        // The zone is the reader's, not the event's: a version of "." does not verify as another zone's.
        assertFalse(both.verify("example.", a).trusted());
        b.setSerial(b.getSerial() + 1);
        assertTrue(both.verify(".", b) instanceof Verdict.Untrusted u && u.why().contains("does not verify"));
        // The derived public key is the generated one's.
        var pair = Ed25519Keys.generate();
        assertEquals(Ed25519Keys.keyId(pair.getPublic()), new PublisherSigner(pair.getPrivate()).keyId());
        assertTrue(CanonicalForm.of(".", a).length > 100);
    }

    private static ZoneVersionCommitted commit() {
        return ZoneVersionCommitted.newBuilder().setEnvelope(Envelopes.placeholder()).setSerial(7).setPreviousSerial(6L)
                .setContentDigest(ByteBuffer.wrap(new byte[32])).setZonemd(". 86400 IN ZONEMD 7 1 1 00")
                .setRecordCount(10).setRemovedCount(1).setAddedCount(2).setChunkCount(1).setPublisher("p").setSource("http")
                .setCapturedAt(Instant.parse("2025-01-01T00:00:00Z")).setContentRoot(ByteBuffer.wrap(new byte[32])).build();
    }
}
