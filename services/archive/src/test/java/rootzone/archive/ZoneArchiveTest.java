package rootzone.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneArchiveTest {

    @TempDir Path tmp;

    /** A small root-like zone: apex SOA and NS, per TLD an NS record and glue. */
    private static String zone(long serial, String... tlds) {
        StringBuilder b = new StringBuilder(". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. " + serial
                + " 1800 900 604800 86400\n. 518400 IN NS a.root-servers.net.\na.root-servers.net. 518400 IN A 198.41.0.4\n");
        for (String tld : tlds) {
            b.append(tld).append(". 172800 IN NS ns1.nic.").append(tld).append(".\n");
            b.append("ns1.nic.").append(tld).append(". 172800 IN A 192.0.2.1\n");
        }
        return b.toString();
    }

    @Test
    void directoryIsOrderedBySoaSerialAcrossTheWrapAndKeepsModificationTimes() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("zones"));
        // Names sort opposite to serials, and the serials wrap past 2^32 - 1 (RFC 1982).
        write(dir.resolve("a"), zone(5, "com", "net"), "2024-03-01T00:00:00Z");
        write(dir.resolve("b"), zone(4294967290L, "com"), "2024-01-01T00:00:00Z");
        write(dir.resolve("c"), zone(4294967295L, "com", "org"), "2024-02-01T00:00:00Z");
        write(dir.resolve("d-same-again"), zone(5, "com", "net"), "2024-03-02T00:00:00Z");
        Files.writeString(dir.resolve(".hidden"), "not a zone");
        try (ZoneArchive archive = ZoneArchive.open(dir, null)) {
            assertEquals(List.of(4294967290L, 4294967295L, 5L), archive.entries().stream().map(ArchiveEntry::serial).toList());
            assertEquals(Instant.parse("2024-03-01T00:00:00Z"), archive.entries().get(2).capturedAt(), "first capture kept");
            List<Long> read = new ArrayList<>();
            archive.read(archive.entries(), (e, text) -> {
                read.add(e.serial());
                assertTrue(new String(text, StandardCharsets.US_ASCII).contains(" " + e.serial() + " 1800 900 "));
            });
            assertEquals(List.of(4294967290L, 4294967295L, 5L), read);
        }
    }

    @Test
    void sameSerialWithDifferentContentIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("zones"));
        write(dir.resolve("a"), zone(7, "com"), "2024-01-01T00:00:00Z");
        write(dir.resolve("b"), zone(7, "net"), "2024-01-02T00:00:00Z");
        ArchiveException e = assertThrows(ArchiveException.class, () -> ZoneArchive.open(dir, null));
        assertTrue(e.getMessage().contains("serial 7 appears twice"), e.getMessage());
    }

    @Test
    void aFileWithoutSoaIsRefusedBeforeAnythingIsRead() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("zones"));
        write(dir.resolve("a"), zone(7, "com"), "2024-01-01T00:00:00Z");
        Files.writeString(dir.resolve("b"), "com. 172800 IN NS ns1.nic.com.\n");
        ArchiveException e = assertThrows(ArchiveException.class, () -> ZoneArchive.open(dir, null));
        assertTrue(e.getMessage().contains("b: no SOA"), e.getMessage());
        assertThrows(ArchiveException.class, () -> ZoneArchive.open(tmp.resolve("missing"), null));
    }

    @Test
    void gitRepositoryAndItsBundleGiveVersionsInSerialOrderWithCommitDates() throws Exception {
        Assumptions.assumeTrue(gitAvailable(), "git not installed: skipped");
        Path repo = Files.createDirectory(tmp.resolve("repo"));
        git(repo, null, "init", "-q", "-b", "main");
        commit(repo, "root.zone", zone(2024010100L, "com"), "2024-01-01T00:00:00Z");
        commit(repo, "README", "notes", "2024-01-01T06:00:00Z"); // zone file unchanged: same version
        commit(repo, "root.zone", zone(2024010200L, "com", "net"), "2024-01-02T00:00:00Z");
        // committed late, but an older serial: ordered by serial, keeping its own date
        commit(repo, "root.zone", zone(2024010101L, "com", "org"), "2024-01-03T00:00:00Z");
        Files.delete(repo.resolve("README"));
        git(repo, null, "rm", "-q", "--cached", "README");
        git(repo, Map.of("GIT_COMMITTER_DATE", "2024-01-04T00:00:00Z", "GIT_AUTHOR_DATE", "2024-01-04T00:00:00Z"),
                "commit", "-q", "-m", "drop readme");

        List<Long> expected = List.of(2024010100L, 2024010101L, 2024010200L);
        try (ZoneArchive archive = ZoneArchive.open(repo, "root.zone")) {
            assertEquals(expected, archive.entries().stream().map(ArchiveEntry::serial).toList());
            assertEquals(Instant.parse("2024-01-03T00:00:00Z"), archive.entries().get(1).capturedAt());
            assertEquals(Instant.parse("2024-01-01T00:00:00Z"), archive.entries().get(0).capturedAt());
            List<byte[]> texts = new ArrayList<>();
            archive.read(archive.entries(), (e, text) -> texts.add(text));
            assertArrayEquals(zone(2024010101L, "com", "org").getBytes(StandardCharsets.US_ASCII), texts.get(1));
        }
        // HEAD holds two files: the zone file must be named
        ArchiveException many = assertThrows(ArchiveException.class, () -> {
            commit(repo, "other", "x", "2024-01-05T00:00:00Z");
            ZoneArchive.open(repo, null).close();
        });
        assertTrue(many.getMessage().contains("holds 2 files"), many.getMessage());

        Path bundle = tmp.resolve("h.bundle");
        git(repo, null, "bundle", "create", "-q", bundle.toString(), "main");
        try (ZoneArchive archive = ZoneArchive.open(bundle, "root.zone")) {
            assertTrue(archive instanceof BundleArchive, "a linear, self-contained bundle is read in process");
            assertEquals(expected, archive.entries().stream().map(ArchiveEntry::serial).toList());
            assertTrue(archive.warnings().isEmpty(), archive.warnings().toString());
            // the same as git's clone gives: entries (dates, blobs, commits) and texts
            try (GitArchive clone = GitArchive.fromBundle(bundle, "root.zone")) {
                assertEquals(clone.entries(), archive.entries());
                List<byte[]> ours = new ArrayList<>();
                List<byte[]> theirs = new ArrayList<>();
                archive.read(archive.entries(), (e, text) -> ours.add(text));
                clone.read(clone.entries(), (e, text) -> theirs.add(text));
                for (int i = 0; i < ours.size(); i++) {
                    assertArrayEquals(theirs.get(i), ours.get(i));
                }
            }
        }
        // a commit without the zone file is skipped with a warning, as git's clone does
        git(repo, null, "rm", "-q", "root.zone");
        git(repo, Map.of("GIT_COMMITTER_DATE", "2024-01-06T00:00:00Z", "GIT_AUTHOR_DATE", "2024-01-06T00:00:00Z"),
                "commit", "-q", "-m", "drop zone");
        Path later = tmp.resolve("later.bundle");
        git(repo, null, "bundle", "create", "-q", later.toString(), "main");
        try (ZoneArchive archive = ZoneArchive.open(later, "root.zone"); GitArchive clone = GitArchive.fromBundle(later, "root.zone")) {
            assertEquals(clone.entries(), archive.entries());
            assertEquals(clone.warnings(), archive.warnings());
            assertEquals(1, archive.warnings().size(), archive.warnings().toString());
        }
    }

    private static void write(Path file, String text, String mtime) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(mtime)));
    }

    private static void commit(Path repo, String file, String text, String date) throws Exception {
        Files.writeString(repo.resolve(file), text);
        git(repo, null, "add", file);
        git(repo, Map.of("GIT_COMMITTER_DATE", date, "GIT_AUTHOR_DATE", date), "commit", "-q", "-m", file + " " + date);
    }

    private static void git(Path repo, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true);
        if (env != null) {
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
