package rootzone.eventlog.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.testing.LogCheckpoints;
import rootzone.events.LogCheckpoint;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.tlog.GoVerifier;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;

/**
 * The log operator against the real broker: checkpoints in the transactions that append, nothing of an
 * aborted one, a restart on its tiles or on none continues the same tree, Go's x/mod verifies the
 * checkpoint, the tiles and an inclusion proof, and a fork on the topic stops the operator.
 */
class LogOperatorTest {

    @Test
    void appendsAbortsRecoversVerifiesWithGoAndRefusesAFork(@TempDir Path dir) throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        LogSettings settings = new LogSettings("rootzone.test", dir.resolve("keys"), Optional.of(dir.resolve("tiles")));
        LogNames names = settings.zone("oplog.example.");
        assertEquals("rootzone.test/log/oplog.example", names.origin());
        try (EventWriter writer = new EventWriter(kafka, "rootzone-publisher-oplog-test", "oplog-test")) {
            LogOperator op = settings.open(kafka, names);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(LogKeys.keyFile(dir.resolve("keys"), names))));
            assertEquals(op.signer().verifierKey().text() + "\n", Files.readString(LogKeys.vkeyFile(dir.resolve("keys"), names)));
            assertEquals(0, op.log().size());

            List<byte[]> appended = new ArrayList<>();
            for (int[] batch : new int[][] {{0}, {1, 2}, {3}}) {
                op.inTransaction(writer, tx -> {
                    for (int k : batch) {
                        tx.append(entry(k));
                        appended.add(entry(k).bytes());
                    }
                    return null;
                });
            }
            IllegalStateException aborted = assertThrows(IllegalStateException.class, () -> op.inTransaction(writer, tx -> {
                tx.append(entry(99));
                throw new IllegalStateException("aborted on purpose");
            }));
            assertEquals("aborted on purpose", aborted.getMessage());
            assertEquals(4, op.log().size(), "an aborted transaction's entries are dropped");
            op.inTransaction(writer, tx -> {
                tx.append(entry(4));
                appended.add(entry(4).bytes());
                return null;
            });

            List<LogCheckpoint> cps = LogCheckpoints.read(kafka, names.topic(), names.origin());
            assertEquals(List.of(1L, 3L, 4L, 5L), cps.stream().map(LogCheckpoint::getTreeSize).toList(), "one checkpoint per committed transaction");
            assertEquals(List.of(0L, 1L, 3L, 4L), cps.stream().map(LogCheckpoint::getFirstIndex).toList());
            List<byte[]> onTopic = new ArrayList<>();
            for (LogCheckpoint cp : cps) {
                assertTrue(SignedNote.parse(cp.getNote()).verifiedBy(op.signer().verifierKey()));
                for (int i = 0; i < cp.getEntries().size(); i++) {
                    onTopic.add(LogCheckpoints.entry(cp, i));
                }
            }
            assertEquals(appended.size(), onTopic.size(), "nothing of the aborted transaction is on the topic");
            for (int i = 0; i < appended.size(); i++) {
                assertArrayEquals(appended.get(i), onTopic.get(i));
                assertArrayEquals(appended.get(i), op.log().entry(i));
            }
            byte[] root = op.log().root();

            // Restarted on its tiles, and on none (rebuilt from the topic): the same tree, and it goes on.
            assertArrayEquals(root, settings.open(kafka, names).log().root());
            LogOperator rebuilt = LogOperator.open(kafka, names, LogKeys.ensure(dir.resolve("keys"), names), new MemoryTileStore());
            assertEquals(5, rebuilt.log().size());
            assertArrayEquals(root, rebuilt.log().root());

            // Code that is not ours: Go's x/mod on the checkpoint, the tiles and an inclusion proof.
            GoVerifier.assumeAvailable();
            GoVerifier.Cases cases = new GoVerifier.Cases(dir);
            String note = cases.file("checkpoint.note", op.log().checkpoint());
            String vkey = cases.file("log.vkey", op.signer().verifierKey().text() + "\n");
            String otherKey = cases.file("other.vkey", NoteSigner.generate(names.origin(), 1).verifierKey().text() + "\n");
            cases.add("note", true, note, vkey);
            cases.add("note", false, note, otherKey);
            cases.add("tiles", true, "tiles/" + names.name(), 5, GoVerifier.b64(root));
            cases.add("inclusion", true, 2, 5, GoVerifier.b64(appended.get(2)), GoVerifier.b64(root),
                    GoVerifier.proof(op.log().inclusionProof(2, 5)));
            cases.add("inclusion", false, 2, 5, GoVerifier.b64(entry(99).bytes()), GoVerifier.b64(root),
                    GoVerifier.proof(op.log().inclusionProof(2, 5)));
            cases.add("consistency", true, 3, 5, GoVerifier.b64(op.log().treeHash(3)), GoVerifier.b64(root),
                    GoVerifier.proof(op.log().consistencyProof(3, 5)));
            String out = GoVerifier.run(cases);
            assertTrue(out.startsWith("exit 0\n"), out);

            // A fork on the topic (size 5 with another last entry, under the log's own key): the operator refuses to start.
            TiledLog fork = TiledLog.open(new MemoryTileStore());
            List<byte[]> forked = new ArrayList<>(appended.subList(0, 4));
            forked.add(entry(77).bytes());
            TiledLog.Staged staged = fork.stage(forked);
            String forkNote = SignedNote.sign(staged.checkpoint(names.origin()).body(), op.signer()).text();
            writer.writeOne(names.topic(), names.key(), names.zone(), LogCheckpoint.newBuilder().setEnvelope(Envelopes.placeholder())
                    .setOrigin(names.origin()).setFirstIndex(4).setEntries(List.of(ByteBuffer.wrap(entry(77).bytes())))
                    .setTreeSize(5).setRootHash(ByteBuffer.wrap(staged.root())).setNote(forkNote).build());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings.open(kafka, names));
            assertTrue(refused.getMessage().contains("fork"), refused.getMessage());
        }
    }

    private static LogEntry entry(int k) {
        return new RejectionEntry("oplog.example.", OptionalLong.of(2024010100L + k), Optional.empty(), "SERIAL_NOT_NEWER", "test",
                Instant.ofEpochSecond(1_700_000_000L + k), new byte[32]);
    }
}
