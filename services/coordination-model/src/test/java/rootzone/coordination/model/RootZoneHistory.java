package rootzone.coordination.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;

/**
 * The real root zone history (test-support SharedData finds its bundle), read from the bundle with
 * git cat-file --batch, one version at a time. Each version keeps only the lines whose owner
 * InfrastructureChanges watches (apex, *.root-servers.net): parsing 1,978 full zones would take
 * minutes, and detection reads nothing else.
 */
final class RootZoneHistory implements Iterator<ZoneVersion>, AutoCloseable {

    private record Commit(String hash, long serial, Instant capturedAt) {}

    private final Path repo;
    private final List<Commit> commits;
    private final Process batch;
    private final InputStream out;
    private int next;

    static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    RootZoneHistory(Path bundle, Path workDir) throws IOException, InterruptedException {
        repo = workDir.resolve("rootzone-history.git");
        // Cloning the bundle takes ~20 s: keep the clone for later runs (workDir is under target/).
        if (!Files.isDirectory(repo.resolve("objects"))) {
            Path partial = workDir.resolve("rootzone-history.git.tmp");
            run("rm", "-rf", partial.toString());
            run("git", "clone", "-q", "--bare", bundle.toString(), partial.toString());
            Files.move(partial, repo);
        }
        String log = run("git", "--git-dir=" + repo, "log", "--reverse", "--format=%H %s %ct", "master");
        commits = new ArrayList<>();
        for (String line : log.split("\n")) {
            String[] f = line.trim().split(" ");
            commits.add(new Commit(f[0], Long.parseLong(f[1]), Instant.ofEpochSecond(Long.parseLong(f[2]))));
        }
        batch = new ProcessBuilder("git", "--git-dir=" + repo, "cat-file", "--batch").start();
        out = new BufferedInputStream(batch.getInputStream(), 1 << 20);
    }

    int size() {
        return commits.size();
    }

    @Override
    public boolean hasNext() {
        return next < commits.size();
    }

    @Override
    public ZoneVersion next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Commit c = commits.get(next++);
        try {
            OutputStream in = batch.getOutputStream();
            in.write((c.hash() + ":root.zone\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            String header = readLine();
            String[] h = header.split(" ");
            if (h.length != 3 || !h[1].equals("blob")) {
                throw new IllegalStateException("git cat-file: " + header);
            }
            byte[] blob = out.readNBytes(Integer.parseInt(h[2]));
            out.read(); // the newline after the content
            return new ZoneVersion(c.serial(), c.capturedAt(),
                    ZoneParser.parse(watchedLines(blob), Name.root, "root.zone@" + c.serial()));
        } catch (IOException | ZoneException e) {
            throw new IllegalStateException("version " + c.serial() + ": " + e.getMessage(), e);
        }
    }

    private static final byte[] ROOT_SERVERS = ".root-servers.net.".getBytes(StandardCharsets.US_ASCII);

    /** The lines owned by the apex or by a name under root-servers.net (one record a line in this archive). */
    private static byte[] watchedLines(byte[] zone) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(8192);
        int start = 0;
        for (int i = 0; i <= zone.length; i++) {
            if (i == zone.length || zone[i] == '\n') {
                int ownerEnd = start;
                while (ownerEnd < i && zone[ownerEnd] != ' ' && zone[ownerEnd] != '\t') {
                    ownerEnd++;
                }
                if ((ownerEnd - start == 1 && zone[start] == '.') || endsWithRootServers(zone, start, ownerEnd)) {
                    kept.write(zone, start, i - start);
                    kept.write('\n');
                }
                start = i + 1;
            }
        }
        return kept.toByteArray();
    }

    private static boolean endsWithRootServers(byte[] b, int start, int end) {
        int n = ROOT_SERVERS.length;
        if (end - start <= n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (Character.toLowerCase(b[end - n + k]) != ROOT_SERVERS[k]) {
                return false;
            }
        }
        return true;
    }

    private String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = out.read()) != -1 && b != '\n') {
            s.append((char) b);
        }
        return s.toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() {
        batch.destroy();
    }
}
