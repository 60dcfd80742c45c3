package rootzone.node.app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.testing.LogCheckpoints;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogNames;
import rootzone.eventlog.tlog.LogOperator;
import rootzone.events.AvroBytes;
import rootzone.events.LogCheckpoint;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.node.materialize.NodeEvents;
import rootzone.node.materialize.TestZones;
import rootzone.node.witness.GoCosignatures;
import rootzone.node.witness.WitnessFiles;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.Zonemd;

/**
 * The node as a witness, end to end on the real broker: the log operator publishes versions with their
 * LogCheckpoint in the same transaction, the node serves them and puts its cosignature of each one's
 * checkpoint into its NodeApplied; a forged checkpoint (the log's key, the size the node cosigned,
 * another root) is refused and counted while the node goes on serving and cosigning; the cosignatures
 * verify with Go's crypto/ed25519 under the key GET /witness/vkey serves.
 */
@QuarkusTest
@WithTestResource(WitnessKafkaResource.class)
class WitnessNodeTest {

    static final String NODE_ID = "witness-node";
    static final String ZONE = "witness.test.";
    static final LogNames NAMES = LogNames.zone(LogNames.DEFAULT_PREFIX, ZONE);

    /** The log's key, the same in the Quarkus resource's class loader and the test's: derived from a fixed seed. */
    static NoteSigner logKey() {
        try {
            byte[] seed = MessageDigest.getInstance("SHA-256").digest("WitnessNodeTest log key".getBytes(StandardCharsets.UTF_8));
            return NoteSigner.of(NAMES.origin(), NoteKeys.ED25519, seed);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    ServingNode node;

    @Test
    void cosignsEachAppliedVersionAndRefusesAFork() throws Exception {
        Zone v1 = TestZones.zone(ZONE, 7, 20, 0);
        Zone v2 = TestZones.zone(ZONE, 8, 20, 1);
        Zone v3 = TestZones.zone(ZONE, 9, 20, 2);
        String vkey = given().when().get("/witness/vkey").then().statusCode(200).extract().asString().strip();
        assertTrue(vkey.startsWith(WitnessFiles.witnessName(LogNames.DEFAULT_PREFIX, NODE_ID) + "+"), vkey);
        Path keyFile = WitnessFiles.keyFile(node.dataDir());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        try (EventWriter w = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-test-witness",
                "publisher-witness")) {
            LogOperator op = LogOperator.open(SharedKafkaBroker.connection(Role.PUBLISHER), NAMES, logKey(), new MemoryTileStore());
            VersionWriter pub = new VersionWriter(w, TestPublisherKey.signer());
            long base = op.log().size();
            publish(op, w, pub, null, v1);
            NodeApplied a1 = awaitApplied(7);
            assertEquals(base + 1, a1.getCosignedSize());

            // forged: signed by the log's key, the size the node cosigned, another root
            long t0 = System.nanoTime();
            forge(w, a1.getCosignedSize());
            publish(op, w, pub, v1, v2);
            NodeApplied a2 = awaitApplied(8);
            assertEquals(base + 2, a2.getCosignedSize());
            assertTrue(node.witness().orElseThrow().refusedCount() >= 1, "the forged checkpoint is refused");
            assertTrue(node.witness().orElseThrow().lastRefusal().contains("fork"), node.witness().orElseThrow().lastRefusal());
            publish(op, w, pub, v2, v3);
            NodeApplied a3 = awaitApplied(9);
            assertEquals(base + 3, a3.getCosignedSize());
            System.out.printf("witness: three versions applied and cosigned in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(9, node.status().servedSerial(), "the node kept serving");
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("rootzone_node_witness_cosigned_total"))
                    .body(org.hamcrest.Matchers.containsString("rootzone_node_witness_refused_total"));

            // each cosignature is over the checkpoint the publisher wrote with that version: Go checks them
            List<LogCheckpoint> written = LogCheckpoints.read(SharedKafkaBroker.connection(Role.AUDITOR), Topics.LOG_CHECKPOINTS,
                    NAMES.origin());
            List<String[]> cases = new ArrayList<>();
            for (NodeApplied a : List.of(a1, a2, a3)) {
                LogCheckpoint cp = written.stream().filter(c -> c.getTreeSize() == a.getCosignedSize()
                        && java.util.Arrays.equals(AvroBytes.toArray(c.getRootHash()), AvroBytes.toArray(a.getCosignedRootHash())))
                        .findFirst().orElseThrow(() -> new AssertionError("no LogCheckpoint of size " + a.getCosignedSize()));
                String body = SignedNote.parse(cp.getNote()).body();
                String sig = a.getCosignature().substring(a.getCosignature().lastIndexOf(' ') + 1);
                assertTrue(a.getCosignature().startsWith(WitnessFiles.witnessName(LogNames.DEFAULT_PREFIX, NODE_ID) + " "));
                cases.add(new String[] {"ok", vkey, body, sig});
                cases.add(new String[] {"fail", vkey, body.replace("\n" + a.getCosignedSize() + "\n", "\n" + (a.getCosignedSize() + 1) + "\n"), sig});
            }
            GoCosignatures.assertVerified(Files.createTempDirectory("witness-go-"), cases);
        }
    }

    private static void publish(LogOperator op, EventWriter w, VersionWriter pub, Zone previous, Zone next) {
        Zone from = previous != null ? previous : Zone.of(next.origin(), List.of());
        op.inTransaction(w, tx -> {
            VersionWriter.Written written = pub.write(tx, previous, next, ZoneDiff.between(from, next), ContentDigest.of(next),
                    VersionInfo.published("t", "test", Instant.now()));
            tx.append(LogEntries.version(written.committed(), Zonemd.digest(next, Zonemd.SHA384)));
            return written;
        });
    }

    /** A LogCheckpoint at {@code size} whose last entry is another one: same signer, another root. */
    private static void forge(EventWriter w, long size) {
        byte[] other = new RejectionEntry(ZONE, OptionalLong.of(1), Optional.empty(), "SERIAL_NOT_NEWER", "mallory",
                Instant.parse("2024-01-01T00:00:00Z"), new byte[32]).bytes();
        rootzone.tlog.tile.TiledLog fake;
        try {
            fake = rootzone.tlog.tile.TiledLog.open(new MemoryTileStore());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<byte[]> entries = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            entries.add(other);
        }
        var staged = fake.stage(entries);
        String note = SignedNote.sign(staged.checkpoint(NAMES.origin()).body(), logKey()).text();
        LogCheckpoint event = LogCheckpoint.newBuilder().setEnvelope(Envelopes.placeholder()).setOrigin(NAMES.origin())
                .setFirstIndex(0).setEntries(entries.stream().map(ByteBuffer::wrap).toList()).setTreeSize(size)
                .setRootHash(ByteBuffer.wrap(staged.root())).setNote(note).build();
        w.inTransaction(tx -> tx.send(Topics.LOG_CHECKPOINTS, NAMES.key(), NAMES.zone(), event));
    }

    private NodeApplied awaitApplied(long serial) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (NodeApplied a : NodeEvents.read(Topics.NODE_STATUS, NODE_ID, NodeApplied.class)) {
                if (a.getSerial() == serial && a.getCosignature() != null) {
                    return a;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no cosigned NodeApplied for serial " + serial + "; witness: refused "
                + node.witness().orElseThrow().refusedCount() + ", last " + node.witness().orElseThrow().lastRefusal());
    }
}
