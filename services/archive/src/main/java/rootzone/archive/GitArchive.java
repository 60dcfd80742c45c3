package rootzone.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A git repository (or bundle) with one commit per version of one zone file. The commit date is the
 * capture time; versions are ordered by SOA serial, not by commit order, and a commit that leaves the
 * file unchanged is the same version captured again. Commits without the file are skipped and listed in
 * {@link #warnings()}.
 *
 * <p>Reads through two {@code git cat-file --batch} passes: one for the serials, one for the texts in
 * serial order (about 4 s each for 2,000 versions of 1.2 MB).
 */
final class GitArchive extends ListedArchive {

    private final Git git;
    private final Path cleanup;

    private GitArchive(Git git, List<ArchiveEntry> entries, List<String> warnings, Path cleanup) {
        super(entries, warnings);
        this.git = git;
        this.cleanup = cleanup;
    }

    static boolean isBundle(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(20), StandardCharsets.US_ASCII);
            return head.startsWith("# v2 git bundle") || head.startsWith("# v3 git bundle");
        } catch (IOException e) {
            return false;
        }
    }

    /** A bundle is cloned (bare, locally) into a temporary directory removed on close. */
    static GitArchive fromBundle(Path bundle, String fileInRepo) throws ArchiveException {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("rootzone-import-");
        } catch (IOException e) {
            throw new ArchiveException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            Git.run(tmp, "clone", "-q", "--bare", bundle.toAbsolutePath().toString(), "repo.git");
            return fromRepository(tmp.resolve("repo.git"), fileInRepo, tmp);
        } catch (ArchiveException | RuntimeException e) {
            delete(tmp);
            throw e;
        }
    }

    static GitArchive fromRepository(Path gitDir, String fileInRepo, Path cleanup) throws ArchiveException {
        Git git = new Git(gitDir);
        String file = fileInRepo != null ? fileInRepo : onlyFileAtHead(git, gitDir);
        List<String> log = git.lines("log", "--reverse", "--topo-order", "--format=%H %ct", tip(git, gitDir));
        if (log.isEmpty()) {
            throw new ArchiveException(gitDir + ": no commits");
        }
        List<String> requests = new ArrayList<>(log.size());
        List<Instant> dates = new ArrayList<>(log.size());
        for (String line : log) {
            String[] parts = line.split(" ");
            requests.add(parts[0] + ":" + file);
            dates.add(Instant.ofEpochSecond(Long.parseLong(parts[1])));
        }
        List<ArchiveEntry> found = new ArrayList<>(log.size());
        List<String> warnings = new ArrayList<>();
        int[] k = {0};
        try {
            git.catFile(requests, (request, blob, content) -> {
                int i = k[0]++;
                String commit = request.substring(0, request.indexOf(':'));
                if (content == null) {
                    warnings.add("commit " + commit + " has no " + file + ": skipped");
                    return;
                }
                long serial = SoaSerial.of(new ByteArrayInputStream(content), "commit " + commit + ":" + file);
                found.add(new ArchiveEntry(serial, dates.get(i), blob, "commit " + commit));
            });
        } catch (ArchiveException e) {
            throw e;
        } catch (Exception e) {
            throw new ArchiveException(gitDir + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new ArchiveException(gitDir + ": no commit holds " + file);
        }
        // Same blob id, same bytes: a commit that did not touch the zone file is not a new version.
        List<ArchiveEntry> sorted = SerialOrder.sort(found, (a, b) -> a.ref().equals(b.ref()));
        return new GitArchive(git, sorted, List.copyOf(warnings), cleanup);
    }

    private static String onlyFileAtHead(Git git, Path gitDir) throws ArchiveException {
        String tip = tip(git, gitDir);
        List<String> files = git.lines("ls-tree", "-r", "--name-only", tip);
        if (files.size() != 1) {
            throw new ArchiveException(gitDir + ": " + tip + " holds " + files.size() + " files; name the zone file to import");
        }
        return files.get(0);
    }

    /** HEAD, or the only branch when HEAD names none (a bundle cloned without its HEAD). */
    private static String tip(Git git, Path gitDir) throws ArchiveException {
        if (git.succeeds("rev-parse", "--verify", "-q", "HEAD^{commit}")) {
            return "HEAD";
        }
        List<String> branches = git.lines("for-each-ref", "--format=%(refname)", "refs/heads");
        if (branches.size() != 1) {
            throw new ArchiveException(gitDir + ": HEAD names no commit and there are " + branches.size() + " branches");
        }
        return branches.get(0);
    }

    @Override
    public void read(List<ArchiveEntry> which, VersionHandler handler) throws Exception {
        List<String> blobs = which.stream().map(ArchiveEntry::ref).toList();
        int[] k = {0};
        git.catFile(blobs, (request, blob, content) -> {
            ArchiveEntry e = which.get(k[0]++);
            if (content == null) {
                throw new ArchiveException("blob " + request + " of " + e.origin() + " vanished from the repository");
            }
            handler.accept(e, content);
        });
    }

    @Override
    public void close() {
        if (cleanup != null) {
            delete(cleanup);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary clone is harmless; nothing to report to the import
        }
    }
}
