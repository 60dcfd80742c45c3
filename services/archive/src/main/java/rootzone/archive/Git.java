package rootzone.archive;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The git command line, run as a child process: plain commands, and {@code cat-file --batch}, which
 * streams any number of objects through one process (one process per version would cost a fork and a
 * pack lookup each: seconds per hundred versions).
 */
final class Git {

    /** Receives one object of a batch; {@code content} is null when git reports it missing. */
    interface ObjectHandler {
        void accept(String request, String objectId, byte[] content) throws Exception;
    }

    private final Path gitDir;

    Git(Path gitDir) {
        this.gitDir = gitDir;
    }

    static void run(Path workDir, String... args) throws ArchiveException {
        Process p = start(workDir, List.of(args));
        StderrDrain err = new StderrDrain(p);
        try {
            p.getOutputStream().close();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            finish(p, err, args);
        } catch (IOException e) {
            throw new ArchiveException("git " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    /** Whether a git command exits 0 (e.g. whether a revision exists). */
    boolean succeeds(String... args) throws ArchiveException {
        try {
            lines(args);
            return true;
        } catch (ArchiveException e) {
            if (e.getMessage().contains("failed (exit")) {
                return false;
            }
            throw e;
        }
    }

    List<String> lines(String... args) throws ArchiveException {
        List<String> full = withGitDir(args);
        Process p = start(null, full);
        StderrDrain err = new StderrDrain(p);
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            finish(p, err, full.toArray(String[]::new));
            List<String> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new ArchiveException("git " + String.join(" ", full) + ": " + e.getMessage(), e);
        }
    }

    /** Streams the objects named by {@code requests} (anything cat-file accepts) in that order. */
    void catFile(List<String> requests, ObjectHandler handler) throws Exception {
        List<String> full = withGitDir("cat-file", "--batch");
        Process p = start(null, full);
        StderrDrain err = new StderrDrain(p);
        // Requests are written from another thread: git blocks on a full stdout while we would block
        // on a full stdin otherwise.
        Thread feeder = new Thread(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                for (String r : requests) {
                    w.write(r);
                    w.write('\n');
                }
            } catch (IOException e) {
                // git exited early: the reader below reports why
            }
        }, "git-cat-file-feeder");
        feeder.setDaemon(true);
        feeder.start();
        try (InputStream in = new BufferedInputStream(p.getInputStream(), 1 << 20)) {
            for (String request : requests) {
                String header = readLine(in);
                if (header == null) {
                    throw new ArchiveException("git cat-file ended early at " + request + ": " + err.text());
                }
                if (header.endsWith(" missing")) {
                    handler.accept(request, null, null);
                    continue;
                }
                String[] parts = header.split(" ");
                if (parts.length != 3) {
                    throw new ArchiveException("git cat-file: unexpected header '" + header + "' for " + request);
                }
                int size = Integer.parseInt(parts[2]);
                byte[] content = in.readNBytes(size);
                if (content.length != size || in.read() != '\n') {
                    throw new ArchiveException("git cat-file: truncated object " + parts[0]);
                }
                handler.accept(request, parts[0], content);
            }
        } finally {
            p.destroy();
            feeder.join(5_000);
        }
    }

    private List<String> withGitDir(String... args) {
        List<String> full = new ArrayList<>();
        full.add("--git-dir=" + gitDir);
        full.addAll(List.of(args));
        return full;
    }

    private static Process start(Path workDir, List<String> args) throws ArchiveException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new ArchiveException("cannot run git (is it installed?): " + e.getMessage(), e);
        }
    }

    private static void finish(Process p, StderrDrain err, String... args) throws ArchiveException {
        try {
            int code = p.waitFor();
            if (code != 0) {
                throw new ArchiveException("git " + String.join(" ", args) + " failed (exit " + code + "): " + err.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new ArchiveException("interrupted while running git", e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(96);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** Collects a child's stderr so it can neither block the child nor be lost from an error message. */
    private static final class StderrDrain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        StderrDrain(Process p) {
            thread = new Thread(() -> {
                try (InputStream in = p.getErrorStream()) {
                    in.transferTo(buffer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "git-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return buffer.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
