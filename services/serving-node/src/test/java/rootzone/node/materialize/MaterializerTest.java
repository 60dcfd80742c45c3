package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.events.NodeApplied;
import rootzone.events.RejectorRole;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneVersionChunk;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.node.dns.AnswerConfig;
import rootzone.node.dns.DnsServer;
import rootzone.node.dns.NodeIdentity;
import rootzone.node.dns.QueryStats;
import rootzone.node.dns.ServedZone;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/** The materializer against a real broker, answering real DNS queries over UDP. */
@ExtendWith(KafkaBrokerExtension.class)
public class MaterializerTest {

    @TempDir
    Path dataDir;

    /** A running node: materializer + DNS server on an ephemeral loopback port. */
    record Node(Materializer materializer, DnsServer server, ServedZone served) implements AutoCloseable {
        long soaSerial(String zone) throws Exception {
            SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
            r.setPort(server.port());
            r.setTimeout(Duration.ofSeconds(2));
            Message m = r.send(Message.newQuery(Record.newRecord(TestZones.name(zone), Type.SOA, org.xbill.DNS.DClass.IN)));
            for (Record rec : m.getSection(Section.ANSWER)) {
                if (rec instanceof SOARecord soa) {
                    return soa.getSerial();
                }
            }
            return -1;
        }

        @Override
        public void close() {
            materializer.close();
            server.close();
        }
    }

    Node node(String zone, String nodeId, boolean restore) throws Exception {
        return node(zone, nodeId, restore, List.of());
    }

    Node node(String zone, String nodeId, boolean restore, List<MaterializerListener> listeners) throws Exception {
        ServedZone served = new ServedZone();
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.node(nodeId)); // as the node itself
        Materializer m = materializer(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted(), zone, nodeId, served, dataDir, Duration.ofMillis(500), listeners);
        if (restore) {
            m.restoreLocal();
        }
        DnsServer server = new DnsServer(served, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(), null,
                DnsServer.Options.loopback(0));
        server.start();
        m.start();
        return new Node(m, server, served);
    }

    /** A node's materializer on Kafka as ServingNode wires it (digest-only policy, no witness). */
    public static Materializer materializer(KafkaConnection kafka, rootzone.eventlog.signing.TrustedPublishers trusted, String zone,
                                            String nodeId, ServedZone served, Path dataDir, Duration retryPause,
                                            List<MaterializerListener> listeners) {
        return new Materializer(zone, new KafkaVersionSource(zone, new VersionLog(kafka, trusted), new SnapshotReader(kafka, trusted)),
                new CommittedVersions(kafka, zone, retryPause), NodePolicy.digestOnly(), served, new LocalStore(dataDir, zone),
                new NodeEventQueue(zone, new NodeEventWriter(kafka, nodeId, zone), NodeEventQueue.Cosigner.NONE, retryPause),
                Clock.systemUTC(), retryPause, listeners);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static VersionWriter publisher(String id) {
        return new VersionWriter(new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-test-" + id, "publisher-" + id), rootzone.eventlog.testing.TestPublisherKey.signer());
    }

    static VersionInfo info() {
        return VersionInfo.published("test@example", "test", Instant.now());
    }

    @Test
    void servesTheLastVersionRejectsABrokenOneAndRestartsFromTheLocalSnapshot() throws Exception {
        String zone = "mat1.test.";
        VersionWriter pub = publisher("mat1");
        Zone v1 = TestZones.zone(zone, 100, 30, 0);
        Zone v2 = TestZones.zone(zone, 101, 30, 1);
        Zone v3 = TestZones.zone(zone, 102, 30, 2);
        pub.write(null, v1, info());
        pub.write(v1, v2, info());
        pub.write(v2, v3, info());

        try (Node node = node(zone, "mat1-node", false)) {
            await("serial 102 served", () -> node.materializer().status().servedSerial() == 102);
            assertEquals(102, node.soaSerial(zone), "the DNS server answers with the last version");
            // The status changes when the version is served; its NodeApplied is written after that.
            awaitApplied("mat1-node", 102);
            assertEquals(List.of(100L, 101L, 102L), appliedSerials("mat1-node"));

            // Serial 103 with a content digest that does not match its delta.
            Zone v4 = TestZones.zone(zone, 103, 30, 3);
            long brokenOffset = writeWithWrongDigest(pub.eventWriter(), v3, v4);
            await("serial 103 read", () -> node.materializer().status().headSerial() == 103);
            NodeStatus s = node.materializer().status();
            assertEquals(102, s.servedSerial(), "the broken version is not served");
            assertEquals(1, s.behind());
            assertEquals(102, node.soaSerial(zone));
            await("rejection written", () -> !rejections(zone).isEmpty());
            VersionRejected rejected = rejections(zone).get(0);
            assertEquals(RejectorRole.NODE, rejected.getRejectedBy());
            assertEquals(103L, rejected.getSerial());
            assertEquals("DIGEST_MISMATCH", rejected.getReason());
            assertEquals(rootzone.events.RejectReason.DIGEST_MISMATCH, rejected.getCode());
            assertEquals("node:mat1-node", rejected.getSource());
            assertEquals(brokenOffset, s.headOffset());

            // The publisher goes on from the log's head (103): the node follows and serves 104.
            Zone v5 = TestZones.zone(zone, 104, 30, 4);
            pub.write(v4, v5, info());
            await("serial 104 served", () -> node.materializer().status().servedSerial() == 104);
            assertEquals(104, node.soaSerial(zone));
            assertEquals(0, node.materializer().status().behind());
            awaitApplied("mat1-node", 104);
        }

        // Restart: the local snapshot is served before the log is even read.
        ServedZone served = new ServedZone();
        KafkaConnection dead = KafkaConnection.plaintext("127.0.0.1:1");
        Materializer again = materializer(dead, rootzone.eventlog.testing.TestPublisherKey.trusted(), zone, "mat1-node", served, dataDir, Duration.ofSeconds(1), List.of());
        long t0 = System.nanoTime();
        assertTrue(again.restoreLocal(), "restored without Kafka (the bootstrap address is dead)");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(104, served.servedSerial());
        System.out.printf("restore from the local snapshot (%d records): %d ms%n", served.current().zone().size(), ms);
        assertEquals(1, again.pendingEvents(), "the restart's NodeApplied waits for Kafka, serving does not");
        again.close();
        assertEquals(List.of(100L, 101L, 102L, 104L), appliedSerials("mat1-node"), "no NodeApplied for 103");
        assertEquals(1, rejections(zone).size(), "the rejection is reported once");
    }

    /**
     * Contract v5 at the node: a commit whose signed content root was stripped (the forger holds the
     * publisher's Kafka credentials, not its key) is refused UNTRUSTED_PUBLISHER, not checked by the
     * flat digest instead; DNS keeps answering the previous serial and the real version is served.
     */
    @Test
    void aCommitWithItsContentRootStrippedIsRefusedAsUntrusted() throws Exception {
        String zone = "mat5.test.";
        VersionWriter pub = publisher("mat5");
        Zone v1 = TestZones.zone(zone, 100, 30, 0);
        Zone v2 = TestZones.zone(zone, 101, 30, 1);
        pub.write(null, v1, info());
        try (Node node = node(zone, "mat5-node", false);
             EventWriter evil = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-evil-mat5", "publisher-mat5")) {
            await("serial 100 served", () -> node.materializer().status().servedSerial() == 100);
            writeCommit(evil, v1, v2, v2, c -> {
                rootzone.eventlog.testing.TestPublisherKey.signer().sign(rootzone.eventlog.ZoneKeys.of(v2.origin()), c);
                c.setContentRoot(null);
            });
            await("rejection written", () -> !rejections(zone).isEmpty());
            VersionRejected rejected = rejections(zone).get(0);
            assertEquals(rootzone.events.RejectReason.UNTRUSTED_PUBLISHER, rejected.getCode());
            assertEquals(101L, rejected.getSerial());
            assertEquals(100, node.soaSerial(zone), "the stripped version is not served");
            pub.write(v1, v2, info());
            await("serial 101 served", () -> node.materializer().status().servedSerial() == 101);
            assertEquals(101, node.soaSerial(zone));
        }
    }

    @Test
    void restartAfterARejectionDoesNotReportItAgain() throws Exception {
        String zone = "mat3.test.";
        VersionWriter pub = publisher("mat3");
        Zone v1 = TestZones.zone(zone, 1, 10, 0);
        Zone v2 = TestZones.zone(zone, 2, 10, 1);
        Zone v3 = TestZones.zone(zone, 3, 10, 2);
        pub.write(null, v1, info());
        try (Node node = node(zone, "mat3-node", false)) {
            await("serial 1", () -> node.materializer().status().servedSerial() == 1);
            writeWithWrongDigest(pub.eventWriter(), v1, v2);
            await("serial 2 read", () -> node.materializer().status().headSerial() == 2);
        }
        pub.write(v2, v3, info()); // while the node is down
        try (Node node = node(zone, "mat3-node", true)) {
            assertEquals(1, node.served().servedSerial(), "serving the local snapshot at once");
            await("serial 3", () -> node.materializer().status().servedSerial() == 3);
            assertEquals(3, node.soaSerial(zone));
            awaitApplied("mat3-node", 3);
        }
        assertEquals(1, rejections(zone).size(), "the replayed rejection is not reported twice");
        List<NodeApplied> applied = NodeEvents.read(Topics.NODE_STATUS, "mat3-node", NodeApplied.class);
        assertEquals(List.of(1L, 1L, 3L), applied.stream().map(NodeApplied::getSerial).toList(),
                "the restart serves serial 1 again and says so before serial 3");
        NodeApplied first = applied.get(0);
        NodeApplied restart = applied.get(1);
        assertEquals(first.getVersionOffset(), restart.getVersionOffset(), "the same version, not a new one");
        assertEquals(first.getContentDigest(), restart.getContentDigest());
        assertTrue(restart.getAppliedAt().isAfter(first.getAppliedAt()), "applied again at the restart");
    }

    @Test
    void bootstrapsFromTheSnapshotThenAppliesTheDeltasAfterIt() throws Exception {
        String zone = "mat2.test.";
        VersionWriter pub = publisher("mat2");
        Zone v1 = TestZones.zone(zone, 10, 200, 0);
        Zone v2 = TestZones.zone(zone, 11, 200, 1);
        Zone v3 = TestZones.zone(zone, 12, 200, 2);
        Zone v4 = TestZones.zone(zone, 13, 200, 3);
        pub.write(null, v1, info());
        WrittenVersion snap = pub.write(v1, v2, info().withSnapshot(true));
        pub.write(v2, v3, info());
        long t0 = System.nanoTime();
        // What a listener has been served when it is told the node follows the log (the warm-up starts then).
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        MaterializerListener order = new MaterializerListener() {
            @Override
            public void following(long versionsOffset) {
                seen.add("following from " + versionsOffset);
            }

            @Override
            public void switched(VersionSwitch s) {
                seen.add("serving " + s.serial());
            }
        };
        try (Node node = node(zone, "mat2-node", false, List.of(order))) {
            await("serial 12", () -> node.materializer().status().servedSerial() == 12);
            // The status changes before the listeners are told (after the local save): wait for them too.
            await("the listener told of serial 12", () -> seen.contains("serving 12"));
            assertEquals(List.of("serving 11", "following from " + (snap.committedOffset() + 1), "serving 12"), seen,
                    "the bootstrap's snapshot first, then following from the offset after it, then the delta");
            System.out.printf("cold start from Kafka (snapshot + 1 delta, %d records): %d ms%n", v3.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            // Events are written in order: once 12's is there, an application of 10 would be too.
            awaitApplied("mat2-node", 12);
            assertEquals(List.of(11L, 12L), appliedSerials("mat2-node"), "version 10 is never applied: the snapshot covers it");
            assertEquals(snap.committedOffset(), node.materializer().status().servedOffset() - 2 - 1,
                    "one delta of one chunk (chunk + commit + marker) after the snapshot's version");

            // Commit-to-answer latency of a new version, measured from just before the write.
            long w0 = System.nanoTime();
            pub.write(v3, v4, info());
            await("serial 13 answered", () -> {
                try {
                    return node.soaSerial(zone) == 13;
                } catch (Exception e) {
                    return false;
                }
            });
            System.out.printf("publish-to-answer latency: %d ms%n", (System.nanoTime() - w0) / 1_000_000);
        }
    }

    /**
     * "Versions behind" is the lag to the topic's end: with the materializer stalled in a listener
     * (as a slow verification would stall it), versions committed meanwhile count although the node
     * has not even read them; served, the count drops to 0.
     */
    @Test
    void versionsBehindCountsCommittedVersionsTheNodeHasNotServed() throws Exception {
        String zone = "mat4.test.";
        VersionWriter pub = publisher("mat4");
        List<Zone> v = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            v.add(TestZones.zone(zone, 40 + i, 20, i));
        }
        pub.write(null, v.get(0), info());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        MaterializerListener stall = new MaterializerListener() {
            @Override
            public void switched(VersionSwitch s) {
                if (s.serial() == 41) {
                    try {
                        release.await(); // the materializer thread stops here, serial 41 served
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Node node = node(zone, "mat4-node", false, List.of(stall))) {
            await("serial 40 served", () -> node.materializer().status().servedSerial() == 40);
            await("nothing behind", () -> node.materializer().status().behind() == 0);
            pub.write(v.get(0), v.get(1), info());
            await("serial 41 served", () -> node.materializer().status().servedSerial() == 41);
            for (int i = 2; i < 5; i++) {
                pub.write(v.get(i - 1), v.get(i), info());
            }
            await("3 versions behind", () -> node.materializer().status().behind() == 3);
            NodeStatus s = node.materializer().status();
            assertEquals(41, s.servedSerial());
            assertEquals(41, s.headSerial(), "the stalled materializer has not read 42..44: the count is the topic's");
            release.countDown();
            await("serial 44 served", () -> node.materializer().status().servedSerial() == 44);
            assertEquals(0, node.materializer().status().behind());
        } finally {
            release.countDown();
        }
    }

    /** Writes next as the version after prev with a deliberately wrong content digest and content root (those of prev). */
    static long writeWithWrongDigest(EventWriter writer, Zone prev, Zone next) {
        // Signed by the trusted publisher: a publisher's mistake, not a forgery.
        return writeCommit(writer, prev, next, prev, c -> rootzone.eventlog.testing.TestPublisherKey.signer().sign(
                rootzone.eventlog.ZoneKeys.of(next.origin()), c));
    }

    /**
     * Writes next as the version after prev, its commit stating {@code stated}'s content digest and
     * root and then handed to {@code sign} (which signs it, and may tamper with it).
     */
    static long writeCommit(EventWriter writer, Zone prev, Zone next, Zone stated, java.util.function.Consumer<ZoneVersionCommitted> sign) {
        ZoneDiff diff = ZoneDiff.between(prev, next);
        String key = rootzone.eventlog.ZoneKeys.of(next.origin());
        ZoneVersionCommitted commit = ZoneVersionCommitted.newBuilder()
                .setEnvelope(Envelopes.placeholder()).setSerial(next.serial()).setPreviousSerial(prev.serial())
                .setContentDigest(ByteBuffer.wrap(ContentDigest.of(stated))).setContentRoot(ByteBuffer.wrap(rootzone.zone.ContentRoot.of(stated)))
                .setRecordCount(next.size())
                .setRemovedCount(diff.removed().size()).setAddedCount(diff.added().size()).setChunkCount(1)
                .setPublisher("test@example").setSource("test").setCapturedAt(Instant.now()).build();
        sign.accept(commit);
        return writer.inTransaction(tx -> {
            tx.send(Topics.VERSIONS, key, key, ZoneVersionChunk.newBuilder().setEnvelope(Envelopes.placeholder())
                    .setSerial(next.serial()).setPreviousSerial(prev.serial()).setChunkIndex(0).setChunkCount(1)
                    .setRemoved(rootzone.eventlog.TestRecordWire.encode(diff.removed())).setAdded(rootzone.eventlog.TestRecordWire.encode(diff.added())).build());
            EventWriter.Sent c = tx.send(Topics.VERSIONS, key, key, commit);
            tx.flush();
            return c.offset();
        });
    }

    static void awaitApplied(String nodeId, long serial) throws InterruptedException {
        await("NodeApplied " + serial + " of " + nodeId, () -> appliedSerials(nodeId).contains(serial));
    }

    static List<Long> appliedSerials(String nodeId) {
        List<Long> out = new ArrayList<>();
        for (NodeApplied a : NodeEvents.read(Topics.NODE_STATUS, nodeId, NodeApplied.class)) {
            out.add(a.getSerial());
        }
        return out;
    }

    static List<VersionRejected> rejections(String zone) {
        return NodeEvents.read(Topics.REJECTIONS, zone, VersionRejected.class);
    }

    static Name origin(String zone) {
        return TestZones.name(zone);
    }
}
