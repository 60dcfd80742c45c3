package rootzone.node.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import rootzone.eventlog.EventWriter;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.eventlog.OwnEvents;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.events.EventCodec;
import rootzone.events.RejectReason;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.node.dns.ServedZone;
import rootzone.node.materialize.Materializer;
import rootzone.node.materialize.TestZones;
import rootzone.zone.Zone;

/**
 * Issue 10 §2 against the real node app and a real broker: a version written to the versions topic
 * under the publisher's own producer name but signed with another key is refused (VersionRejected
 * UNTRUSTED_PUBLISHER), DNS over UDP keeps answering the previous serial, the publisher's next version
 * is served, a version signed with the second trusted key (rotation) is served, and a node started
 * afterwards from nothing bootstraps past the forgery without using its forged snapshot head.
 */
@QuarkusTest
@WithTestResource(UntrustedPublisherNodeTest.Resource.class)
class UntrustedPublisherNodeTest {

    static final String ZONE = "forge.test.";
    /** The second trusted key of a rotation; base64 in the node's configuration. */
    static final PublisherSigner ROTATED = new PublisherSigner(Ed25519Keys.privateKeyFromBase64(rotatedKey()));

    /** One key for both Quarkus class loaders (test resource, test), made at run time. */
    private static synchronized String rotatedKey() {
        String k = System.getProperty("rootzone.test.rotated-key");
        if (k == null) {
            k = Ed25519Keys.toBase64(Ed25519Keys.generate().getPrivate());
            System.setProperty("rootzone.test.rotated-key", k);
        }
        return k;
    }

    public static class Resource extends NodeKafkaResource {
        @Override
        protected Role role() {
            return Role.node("forge-node");
        }

        @Override
        protected Map<String, String> properties() {
            Map<String, String> config = new HashMap<>(super.properties());
            config.put("rootzone.node.zone", ZONE);
            config.put("rootzone.node.id", "forge-node");
            config.put("rootzone.node.trusted-publisher-keys",
                    TestPublisherKey.publicKeyFile() + "," + Ed25519Keys.toBase64(ROTATED.publicKey()));
            return config;
        }
    }

    @Inject
    ServingNode node;

    @Test
    void aForgedVersionIsRefusedSkippedAndTheRealChainGoesOn() throws Exception {
        // The forger holds the publisher's own Kafka credentials: only the signing key is missing.
        KafkaConnection bootstrap = SharedKafkaBroker.connection(Role.PUBLISHER);
        TrustedPublishers trusted = TrustedPublishers.of(List.of(TestPublisherKey.signer().publicKey(), ROTATED.publicKey()));
        Zone v1 = TestZones.zone(ZONE, 10, 20, 0);
        Zone forged = TestZones.zone(ZONE, 11, 20, 7);
        Zone v2 = TestZones.zone(ZONE, 11, 20, 1);
        Zone v3 = TestZones.zone(ZONE, 12, 20, 2);
        String tx = "rootzone-publisher-test-forge";
        try (EventWriter w = new EventWriter(bootstrap, tx, "publisher-app", Clock.systemUTC(), OwnEvents.signedBy(trusted))) {
            new VersionWriter(w, TestPublisherKey.signer()).write(null, v1, info().withSnapshot(true));
        }
        await(() -> node.status().servedSerial() == 10, "serial 10 served");

        // The forger: the publisher's producer name, EventWriter and VersionWriter, but not its key.
        try (EventWriter evil = new EventWriter(bootstrap, "rootzone-publisher-evil-forge", "publisher-app")) {
            new VersionWriter(evil, new PublisherSigner(Ed25519Keys.generate().getPrivate()))
                    .write(v1, forged, info().withSnapshot(true));
        }
        VersionRejected refused = awaitRejection(bootstrap, 11);
        assertEquals(RejectReason.UNTRUSTED_PUBLISHER, refused.getCode());
        assertTrue(refused.getDetail().contains("not signed by a trusted publisher"), refused.getDetail());
        assertEquals(10, soaSerial(), "DNS still answers the previous serial");

        // The publisher (restarted: a new writer recovers its chain tip) publishes its real next version.
        try (EventWriter w = new EventWriter(bootstrap, tx, "publisher-app", Clock.systemUTC(), OwnEvents.signedBy(trusted))) {
            new VersionWriter(w, TestPublisherKey.signer()).write(v1, v2, info());
            await(() -> node.status().servedSerial() == 11, "the real serial 11 served");
            assertEquals(11, soaSerial());
            // Rotation: the next version is signed with the second trusted key.
            new VersionWriter(w, ROTATED).write(v2, v3, info());
        }
        await(() -> node.status().servedSerial() == 12, "serial 12 (rotated key) served");
        assertEquals(12, soaSerial());

        // A node starting from nothing: bootstraps from the real snapshot (serial 10), not the forged
        // head (serial 11), and replays past the forgery to serial 12.
        ServedZone served = new ServedZone();
        KafkaConnection freshNode = SharedKafkaBroker.connection(Role.node("forge-fresh"));
        try (Materializer fresh = rootzone.node.materialize.MaterializerTest.materializer(freshNode, trusted, ZONE, "forge-fresh", served,
                Files.createTempDirectory("forge-node-"), Duration.ofMillis(500), List.of())) {
            fresh.start();
            await(() -> fresh.status().servedSerial() == 12, "a fresh node reaching serial 12");
            assertEquals(rootzone.zone.ContentDigest.hex(rootzone.zone.ContentDigest.of(v3)), fresh.status().servedDigest());
        }
    }

    private static VersionInfo info() {
        return VersionInfo.published("t", "test", Instant.now());
    }

    private long soaSerial() throws IOException {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(node.dnsPort());
        Message answer = r.send(Message.newQuery(Record.newRecord(TestZones.name(ZONE), Type.SOA, DClass.IN)));
        return ((SOARecord) answer.getSection(Section.ANSWER).get(0)).getSerial();
    }

    /** The node's VersionRejected of {@code serial}, read from the real rejections topic. */
    private static VersionRejected awaitRejection(KafkaConnection ignored, long serial) {
        KafkaConnection bootstrap = SharedKafkaBroker.connection(Role.AUDITOR);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (rootzone.eventlog.LogEvent r : rootzone.eventlog.LogReader.all(bootstrap, "forge-test",
                    rootzone.eventlog.LogSource.first(Topics.REJECTIONS))) {
                VersionRejected v = r.require(VersionRejected.class);
                if (ZONE.equals(r.key()) && v.getSerial() != null && v.getSerial() == serial
                        && "node-forge-node".equals(v.getEnvelope().getProducer())) {
                    return v;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        throw new AssertionError("no VersionRejected of serial " + serial + " by the node within 30 s");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
