package rootzone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.cli.ZoneDiffCommandTest.Result;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TilePaths;
import rootzone.tlog.tile.TiledLog;
import rootzone.zone.ZoneParser;

/**
 * {@code rootzone log verify-checkpoint | prove-zone | verify-bundle} end to end against a real HTTP
 * server on loopback serving, in the contract's layout (docs/transparency-log.md), a log the library
 * built from real zone files: its tiles and entry bundles as stored, proofs computed by TiledLog,
 * checkpoints signed by the log's key and cosigned by two witnesses. Forks, rollbacks, inconsistent
 * histories, a missing quorum, another zone file and tampered bundles are each refused.
 */
class LogCommandsTest {

    static final String ORIGIN = "rootzone.localhost/log/root";

    @TempDir Path dir;
    HttpServer server;
    String url;
    final NoteSigner logKey = NoteSigner.generate(ORIGIN, NoteKeys.ED25519);
    final NoteSigner witness1 = NoteSigner.generate("rootzone.localhost/witness/node-1", NoteKeys.COSIGNATURE_V1);
    final NoteSigner witness2 = NoteSigner.generate("rootzone.localhost/witness/node-2", NoteKeys.COSIGNATURE_V1);
    /** What the server serves now; tests swap it for a fork or an older state. */
    volatile Served served;
    Path policy;
    Path seen;

    /** A log as the publisher builds it, plus the serial → leaf index the auditor would know. */
    final class Served {
        final MemoryTileStore store = new MemoryTileStore();
        final TiledLog log;
        final Map<Long, Long> indexBySerial = new HashMap<>();

        Served() throws IOException {
            log = TiledLog.open(store);
        }

        /** Appends the entries, signs the checkpoint, and has both witnesses cosign it. */
        Served append(List<byte[]> entries, List<Long> serials) throws IOException {
            for (int i = 0; i < entries.size(); i++) {
                if (serials.get(i) != null) {
                    indexBySerial.put(serials.get(i), log.size() + i);
                }
            }
            TiledLog.Staged staged = log.stage(entries);
            SignedNote note = SignedNote.sign(staged.checkpoint(ORIGIN).body(), logKey);
            log.commit(staged, note.text());
            long now = Instant.now().getEpochSecond();
            log.replaceCheckpoint(note.with(witness1.cosign(note.body(), now)).with(witness2.cosign(note.body(), now)).text());
            return this;
        }
    }

    static String zoneText(long serial, String extra) {
        return ". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. " + serial + " 1800 900 604800 86400\n"
                + ". 518400 IN NS a.root-servers.net.\n"
                + "a.root-servers.net. 518400 IN A 198.41.0.4\n"
                + "com. 172800 IN NS a.gtld-servers.net.\n"
                + "a.gtld-servers.net. 172800 IN A 192.5.6.30\n" + extra;
    }

    Path zoneFile(long serial, String extra) throws IOException {
        return Files.writeString(dir.resolve("root-" + serial + "-" + extra.hashCode() + ".zone"), zoneText(serial, extra));
    }

    byte[] versionEntry(Path file, OptionalLong previous) throws Exception {
        return VersionEntry.of(ZoneParser.parse(file, Name.root), previous, "maintainer-1", Instant.parse("2024-01-01T00:00:00Z"), false)
                .bytes();
    }

    static byte[] rejection(long serial) {
        return new RejectionEntry(".", OptionalLong.of(serial), Optional.of(new byte[32]), "SERIAL_NOT_NEWER", "maintainer-1",
                Instant.parse("2024-01-01T00:00:00Z"), new byte[32]).bytes();
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/log/root/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        policy = Files.writeString(dir.resolve("policy"), "# the root zone's log and its two witnesses\n"
                + "log " + logKey.verifierKey().text() + "\n"
                + "witness node-1 " + witness1.verifierKey().text() + "\n"
                + "witness node-2 " + witness2.verifierKey().text() + "\n"
                + "group nodes 2 node-1 node-2\n"
                + "quorum nodes\n");
        seen = dir.resolve("seen");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The contract's paths: checkpoint and tiles as stored, proofs as JSON. */
    private void handle(HttpExchange exchange) throws IOException {
        Served s = served;
        String path = exchange.getRequestURI().getPath().substring("/log/root/".length());
        Map<String, Long> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], Long.parseLong(p[1]));
            }
        }
        int status = 200;
        byte[] body;
        if (path.equals("proof/inclusion")) {
            Long index = s.indexBySerial.get(query.get("serial"));
            long size = query.getOrDefault("size", s.log.size());
            if (index == null) {
                status = 404;
                body = "{\"error\":\"no version with this serial\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                body = ("{\"index\":" + index + ",\"treeSize\":" + size + ",\"hashes\":" + json(s.log.inclusionProof(index, size)) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        } else if (path.equals("proof/consistency")) {
            long from = query.get("from");
            long to = query.get("to");
            body = ("{\"from\":" + from + ",\"to\":" + to + ",\"hashes\":" + json(s.log.consistencyProof(from, to)) + "}")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (TilePaths.valid(path) && s.store.read(path) != null) {
            body = s.store.read(path);
        } else {
            status = 404;
            body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String json(List<byte[]> hashes) {
        List<String> quoted = new ArrayList<>();
        hashes.forEach(h -> quoted.add("\"" + Base64.getEncoder().encodeToString(h) + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    private Result verifyCheckpoint(String... extra) {
        List<String> args = new ArrayList<>(List.of("log", "verify-checkpoint", "--auditor", url, "--seen-dir", seen.toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--log-key")) {
            args.addAll(List.of("--policy", policy.toString()));
        }
        return ZoneDiffCommandTest.run(args.toArray(String[]::new));
    }

    /** Three versions with a rejection between the second and the third: entries 0, 1, (2 rejected), 3. */
    private List<Path> publishThree(Served s) throws Exception {
        Path v1 = zoneFile(2024010100, "");
        Path v2 = zoneFile(2024010101, "net. 172800 IN NS a.gtld-servers.net.\n");
        Path v3 = zoneFile(2024010102, "org. 172800 IN NS a0.org.afilias-nst.info.\n");
        s.append(List.of(versionEntry(v1, OptionalLong.empty())), java.util.Arrays.asList(2024010100L));
        s.append(List.of(versionEntry(v2, OptionalLong.of(2024010100)), rejection(2024010101)),
                java.util.Arrays.asList(2024010101L, null));
        s.append(List.of(versionEntry(v3, OptionalLong.of(2024010101))), java.util.Arrays.asList(2024010102L));
        return List.of(v1, v2, v3);
    }

    @Test
    void checkpointIsTrustedThenMustStayConsistent() throws Exception {
        served = new Served();
        Path v1 = zoneFile(2024010100, "");
        served.append(List.of(versionEntry(v1, OptionalLong.empty())), List.of(2024010100L));
        Result first = verifyCheckpoint();
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("checkpoint " + ORIGIN + ": size 1"), first.out());
        assertTrue(first.out().contains("cosigned by node-1, node-2"), first.out());
        assertTrue(first.out().contains("first checkpoint seen"), first.out());
        Path saved = seen.resolve(java.net.URLEncoder.encode(ORIGIN, StandardCharsets.UTF_8));
        assertEquals(new String(served.store.read(TilePaths.CHECKPOINT), StandardCharsets.UTF_8), Files.readString(saved));

        Result same = verifyCheckpoint();
        assertEquals(0, same.exit(), same.err());
        assertTrue(same.out().contains("same tree"), same.out());

        String oneEntry = Files.readString(saved);
        served.append(List.of(rejection(2024010100), rejection(2024010100)), java.util.Arrays.asList(null, null));
        Result grown = verifyCheckpoint();
        assertEquals(0, grown.exit(), grown.err());
        assertTrue(grown.out().contains("consistent with the last checkpoint seen (size 1)"), grown.out());

        // an older checkpoint of the same log, signed and cosigned: a rollback, refused, state unchanged
        Path old = Files.writeString(dir.resolve("old-checkpoint"), oneEntry);
        Result rollback = verifyCheckpoint("--checkpoint", old.toString());
        assertEquals(1, rollback.exit(), rollback.out());
        assertTrue(rollback.err().contains("rollback: tree size 1 is smaller than the 3"), rollback.err());
        assertTrue(Files.readString(saved).contains("\n3\n"), "the last seen checkpoint stays the size-3 one");
    }

    @Test
    void forkAndInconsistentHistoryAreRefused() throws Exception {
        served = new Served();
        publishThree(served);
        assertEquals(0, verifyCheckpoint().exit());
        // the same key signs another history of the same size: a fork
        Served fork = new Served();
        fork.append(List.of(rejection(1), rejection(2), rejection(3), rejection(4)), java.util.Arrays.asList(null, null, null, null));
        served = fork;
        Result forked = verifyCheckpoint();
        assertEquals(1, forked.exit(), forked.out());
        assertTrue(forked.err().contains("fork: tree size 4"), forked.err());
        // ... and grown past it: its consistency proof cannot lead from the tree seen
        fork.append(List.of(rejection(5)), java.util.Arrays.asList((Long) null));
        Result inconsistent = verifyCheckpoint();
        assertEquals(1, inconsistent.exit(), inconsistent.out());
        assertTrue(inconsistent.err().contains("inconsistent: the tree of size 5 does not extend"), inconsistent.err());
    }

    @Test
    void quorumAndLogKeyAreEnforced() throws Exception {
        served = new Served();
        publishThree(served);
        NoteSigner absent = NoteSigner.generate("rootzone.localhost/witness/node-3", NoteKeys.COSIGNATURE_V1);
        Path strict = Files.writeString(dir.resolve("strict"), "log " + logKey.verifierKey().text() + "\n"
                + "witness node-3 " + absent.verifierKey().text() + "\nquorum node-3\n");
        Result r = ZoneDiffCommandTest.run("log", "verify-checkpoint", "--auditor", url, "--seen-dir", seen.toString(),
                "--policy", strict.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("quorum node-3 not met"), r.err());
        assertTrue(!Files.exists(seen) || Files.list(seen).findAny().isEmpty(), "a refused checkpoint is not remembered");

        Path otherKey = Files.writeString(dir.resolve("other.vkey"),
                NoteSigner.generate(ORIGIN, NoteKeys.ED25519).verifierKey().text() + "\n");
        Result wrongLog = verifyCheckpoint("--log-key", otherKey.toString());
        assertEquals(1, wrongLog.exit(), wrongLog.out());
        assertTrue(wrongLog.err().contains("no valid signature"), wrongLog.err());

        Path badPolicy = Files.writeString(dir.resolve("bad"), "quorum nobody\n");
        Result bad = ZoneDiffCommandTest.run("log", "verify-checkpoint", "--auditor", url, "--policy", badPolicy.toString(),
                "--seen-dir", seen.toString());
        assertEquals(2, bad.exit(), bad.out());
        assertTrue(bad.err().contains(badPolicy.toString()), bad.err());
    }

    @Test
    void zoneFileIsProvenThenItsBundleVerifiesOffline() throws Exception {
        served = new Served();
        List<Path> versions = publishThree(served);
        Path bundle = dir.resolve("v3.tlog-proof");
        Result proven = ZoneDiffCommandTest.run("log", "prove-zone", versions.get(2).toString(), "--auditor", url,
                "--policy", policy.toString(), "--seen-dir", seen.toString(), "--bundle-out", bundle.toString());
        assertEquals(0, proven.exit(), proven.err());
        assertTrue(proven.out().contains("proven: zone . serial 2024010102 is entry 3 of " + ORIGIN + " (tree size 4)"), proven.out());
        Result second = ZoneDiffCommandTest.run("log", "prove-zone", versions.get(0).toString(), "--auditor", url,
                "--policy", policy.toString(), "--seen-dir", seen.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("serial 2024010100 is entry 0"), second.out());

        // the same serial, another content: the log's entry does not match the file
        Path impostor = zoneFile(2024010101, "net. 172800 IN NS evil.example.\n");
        Result notThis = ZoneDiffCommandTest.run("log", "prove-zone", impostor.toString(), "--auditor", url,
                "--policy", policy.toString(), "--seen-dir", seen.toString());
        assertEquals(1, notThis.exit(), notThis.out());
        assertTrue(notThis.err().contains("zonemd-sha384 differs"), notThis.err());

        // offline: the zone, the log's key, the bundle; the server is gone
        server.stop(0);
        Path vkey = Files.writeString(dir.resolve("log-root.vkey"), logKey.verifierKey().text() + "\n");
        Result offline = ZoneDiffCommandTest.run("log", "verify-bundle", bundle.toString(), "--zone", versions.get(2).toString(),
                "--log-key", vkey.toString());
        assertEquals(0, offline.exit(), offline.err());
        assertTrue(offline.out().contains("proven: zone . serial 2024010102 is entry 3"), offline.out());
        Result withPolicy = ZoneDiffCommandTest.run("log", "verify-bundle", bundle.toString(), "--zone", versions.get(2).toString(),
                "--policy", policy.toString());
        assertEquals(0, withPolicy.exit(), withPolicy.err());
        assertTrue(withPolicy.out().contains("cosigned by node-1, node-2"), withPolicy.out());

        Result otherZone = ZoneDiffCommandTest.run("log", "verify-bundle", bundle.toString(), "--zone", versions.get(1).toString(),
                "--log-key", vkey.toString());
        assertEquals(1, otherZone.exit());
        assertTrue(otherZone.err().contains("serial 2024010101"), otherZone.err());

        // one hash of the audit path changed: the entry no longer proves into the checkpoint
        String text = Files.readString(bundle);
        String[] lines = text.split("\n", -1);
        String hash = lines[3];
        byte[] h = Base64.getDecoder().decode(hash);
        h[0] ^= 1;
        Path tampered = Files.writeString(dir.resolve("tampered.tlog-proof"),
                text.replaceFirst(java.util.regex.Pattern.quote(hash), Base64.getEncoder().encodeToString(h)));
        Result broken = ZoneDiffCommandTest.run("log", "verify-bundle", tampered.toString(), "--zone", versions.get(2).toString(),
                "--log-key", vkey.toString());
        assertEquals(1, broken.exit(), broken.out());
        assertTrue(broken.err().contains("not at index 3"), broken.err());

        Path otherKey = Files.writeString(dir.resolve("other.vkey"),
                NoteSigner.generate(ORIGIN, NoteKeys.ED25519).verifierKey().text() + "\n");
        Result foreign = ZoneDiffCommandTest.run("log", "verify-bundle", bundle.toString(), "--zone", versions.get(2).toString(),
                "--log-key", otherKey.toString());
        assertEquals(1, foreign.exit(), foreign.out());
        Path garbage = Files.writeString(dir.resolve("garbage"), "not a bundle\n");
        Result notBundle = ZoneDiffCommandTest.run("log", "verify-bundle", garbage.toString(), "--zone", versions.get(2).toString(),
                "--log-key", vkey.toString());
        assertEquals(1, notBundle.exit(), notBundle.out());
        assertTrue(notBundle.err().contains("not a tlog-proof bundle"), notBundle.err());
    }
}
