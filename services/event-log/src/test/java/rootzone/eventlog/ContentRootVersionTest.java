package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Name;
import rootzone.eventlog.signing.CanonicalForm;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.events.AvroBytes;
import rootzone.events.RejectReason;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionChunk;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.StatedContent;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * Contract v5 on a real broker: the publisher states and signs (canonical form v2) every version's
 * content root, and readers check the rebuilt zone against it. A forger holding the publisher's Kafka
 * credentials strips the content root from a v2-signed commit, adds one to a v1-signed commit, or
 * alters it: each is a forgery (the signature no longer verifies), skipped by VersionLog as by every
 * reader. A commit the trusted key signed with a wrong content root is refused by VersionApplier
 * (DIGEST_MISMATCH) though its flat digest is right; a commit written before v5 (no content root, v1
 * signature) still verifies, against the flat digest.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ContentRootVersionTest {

    @Test
    void aSignedContentRootIsCheckedAndCannotBeStrippedAddedOrAltered() throws Exception {
        KafkaConnection bootstrap = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = VersionLogTest.freshOrigin();
        String zone = ZoneKeys.of(origin);
        TrustedPublishers trusted = TestPublisherKey.trusted();
        Zone v1 = TestZones.zone(origin, 1, 20, 0);
        Zone v2 = TestZones.zone(origin, 2, 21, 0);
        Zone v3 = TestZones.zone(origin, 3, 22, 0);
        byte[] root2 = ContentRoot.of(v2);
        String tx = "rootzone-publisher-test-" + zone;

        try (EventWriter real = new EventWriter(bootstrap, tx, "publisher-1", Clock.systemUTC(), OwnEvents.signedBy(trusted))) {
            new VersionWriter(real, TestPublisherKey.signer()).write(null, v1, VersionLogTest.info());
        }
        try (EventWriter evil = new EventWriter(bootstrap, "rootzone-publisher-evil-" + zone, "publisher-1")) {
            // (a) v2-signed, its content root stripped: read under v1, the signature is over other bytes.
            writeRaw(evil, zone, v1, v2, c -> {
                TestPublisherKey.signer().sign(zone, c);
                c.setContentRoot(null);
            });
            // (b) v1-signed (as before contract v5), a content root added: read under v2.
            writeRaw(evil, zone, v1, v2, c -> {
                c.setContentRoot(null);
                signUnderV1(zone, c);
                c.setContentRoot(ByteBuffer.wrap(root2));
            });
            // (c) v2-signed, its content root altered.
            writeRaw(evil, zone, v1, v2, c -> {
                TestPublisherKey.signer().sign(zone, c);
                c.setContentRoot(ByteBuffer.wrap(ContentRoot.of(v1)));
            });
            // (d) signed by the trusted key with a wrong content root (a publisher's mistake), the flat digest right.
            writeRaw(evil, zone, v1, v2, c -> {
                c.setContentRoot(ByteBuffer.wrap(ContentRoot.of(v1)));
                TestPublisherKey.signer().sign(zone, c);
            });
            // (e) a commit as written before contract v5: no content root, signed under v1.
            writeRaw(evil, zone, v1, v2, c -> {
                c.setContentRoot(null);
                signUnderV1(zone, c);
            });
        }
        try (EventWriter real = new EventWriter(bootstrap, tx, "publisher-1", Clock.systemUTC(), OwnEvents.signedBy(trusted))) {
            new VersionWriter(real, TestPublisherKey.signer()).write(v2, v3, VersionLogTest.info());
        }

        List<LoggedVersion> all = new ArrayList<>();
        List<Forgery> forgeries = new ArrayList<>();
        new VersionLog(bootstrap, trusted).replay(zone, 0, all::add, forgeries::add);
        List<Forgery> commits = forgeries.stream().filter(f -> f.eventType().equals("ZoneVersionCommitted")).toList();
        assertEquals(3, commits.size(), forgeries.toString());
        assertTrue(commits.stream().allMatch(f -> f.serial() == 2 && f.why().contains("does not verify")), commits.toString());
        assertEquals(List.of(1L, 2L, 2L, 3L), all.stream().map(LoggedVersion::serial).toList());

        // The publisher's versions state their content root, the one readers check.
        LoggedVersion first = all.get(0);
        assertArrayEquals(ContentRoot.of(v1), AvroBytes.toArray(first.committed().getContentRoot()));
        assertEquals(2, CanonicalForm.versionForm(first.committed()));
        assertInstanceOf(StatedContent.Root.class, VersionApplier.Stated.of(first.committed()).content());
        Zone applied1 = VersionApplier.apply(null, origin, first);
        assertEquals(v1, applied1);

        // (d): trusted, but the rebuilt zone's content root is not the signed one: refused, though its flat digest matches.
        LoggedVersion wrongRoot = all.get(1);
        assertArrayEquals(ContentDigest.of(v2), AvroBytes.toArray(wrongRoot.committed().getContentDigest()));
        VersionMismatchException refused = assertThrows(VersionMismatchException.class,
                () -> VersionApplier.apply(applied1, origin, wrongRoot));
        assertEquals(RejectReason.DIGEST_MISMATCH, refused.reason());
        assertTrue(refused.getMessage().contains("content root"), refused.getMessage());

        // (e): a commit without a content root verifies under v1 and is checked against the flat digest.
        LoggedVersion old = all.get(2);
        assertNull(old.committed().getContentRoot());
        assertEquals(1, CanonicalForm.versionForm(old.committed()));
        assertInstanceOf(StatedContent.Digest.class, VersionApplier.Stated.of(old.committed()).content());
        Zone applied2 = VersionApplier.apply(applied1, origin, old);
        assertEquals(v2, applied2);

        // The next v5 version applies on top of it, against its content root.
        assertEquals(v3, VersionApplier.apply(applied2, origin, all.get(3)));
    }

    @Test
    void theFormVersionIsBoundByTheSignedBytes() throws Exception {
        Zone v1 = TestZones.zone(TestZones.name("form.test."), 1, 3, 0);
        ZoneVersionCommitted c = commit(v1);
        TestPublisherKey.signer().sign("form.test.", c);
        assertTrue(TestPublisherKey.trusted().verify("form.test.", c).trusted());
        ZoneVersionCommitted stripped = ZoneVersionCommitted.newBuilder(c).setContentRoot(null).build();
        assertInstanceOf(Verdict.Untrusted.class, TestPublisherKey.trusted().verify("form.test.", stripped));
        // The forms differ from their first bytes on (the context names the form), not only by the appended root.
        byte[] v2Form = CanonicalForm.of("form.test.", c);
        byte[] v1Form = CanonicalForm.of("form.test.", stripped);
        assertEquals(v1Form.length + 4 + 32, v2Form.length);
        assertEquals('2', (char) v2Form["rootzone ZoneVersionCommitted v".length()]);
        assertEquals('1', (char) v1Form["rootzone ZoneVersionCommitted v".length()]);
        // A publisher makes no new v1 signature.
        assertThrows(IllegalArgumentException.class, () -> TestPublisherKey.signer().sign("form.test.", stripped));
    }

    /** The commit VersionWriter would write for {@code next} after {@code prev} (null: the first), unsigned. */
    private static ZoneVersionCommitted commit(Zone prev, Zone next) {
        ZoneDiff diff = ZoneDiff.between(prev == null ? Zone.of(next.origin(), List.of()) : prev, next);
        return ZoneVersionCommitted.newBuilder().setEnvelope(Envelopes.placeholder()).setSerial(next.serial())
                .setPreviousSerial(prev == null ? null : prev.serial())
                .setContentDigest(ByteBuffer.wrap(ContentDigest.of(next))).setContentRoot(ByteBuffer.wrap(ContentRoot.of(next)))
                .setRecordCount(next.size()).setRemovedCount(diff.removed().size()).setAddedCount(diff.added().size())
                .setChunkCount(1).setPublisher("tester").setSource("test").setCapturedAt(Instant.parse("2025-01-01T00:00:00Z"))
                .build();
    }

    private static ZoneVersionCommitted commit(Zone next) {
        return commit(null, next);
    }

    /** One version's chunk and commit in one transaction, the commit made as {@code sign} leaves it. */
    private static void writeRaw(EventWriter w, String zone, Zone prev, Zone next, Consumer<ZoneVersionCommitted> sign) {
        ZoneDiff diff = ZoneDiff.between(prev, next);
        ZoneVersionCommitted c = commit(prev, next);
        sign.accept(c);
        w.inTransaction(tx -> {
            tx.send(Topics.VERSIONS, zone, zone, ZoneVersionChunk.newBuilder().setEnvelope(Envelopes.placeholder())
                    .setSerial(next.serial()).setPreviousSerial(prev.serial()).setChunkIndex(0).setChunkCount(1)
                    .setRemoved(TestRecordWire.encode(diff.removed())).setAdded(TestRecordWire.encode(diff.added())).build());
            tx.send(Topics.VERSIONS, zone, zone, c);
            tx.flush();
            return null;
        });
    }

    /** A signature by the trusted key under canonical form v1, as publishers made before contract v5. */
    private static void signUnderV1(String zone, ZoneVersionCommitted c) {
        try {
            c.setSignedBy(TestPublisherKey.signer().keyId());
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(KeyFiles.readPrivateKey(TestPublisherKey.privateKeyFile()));
            s.update(CanonicalForm.of(zone, c));
            c.setSignature(ByteBuffer.wrap(s.sign()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
