package rootzone.publisher.drop;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import rootzone.eventlog.LogThread;

/**
 * Watches a directory for new zone files and hands each, once complete, to a handler; then moves it
 * to {@code done/} or {@code refused/} with a {@code .result} file beside it saying what happened, so
 * a file is processed once and the maintainer sees why.
 *
 * <p>Writers should write elsewhere (or under a name starting with '.' or ending in .tmp/.part) and
 * rename into the directory. As a guard for writers that do not, a file is taken only once its size
 * and modification time have stayed the same for one settle interval. The directory is rescanned on
 * every tick besides the WatchService events, which can be lost (OVERFLOW) or be slow (polling
 * implementations).
 */
public final class DropDirectoryWatcher implements Closeable {

    private static final Logger LOG = Logger.getLogger(DropDirectoryWatcher.class);

    /** What processing a file produced: whether the version was taken, and a line for the .result file. */
    public record Result(boolean accepted, String summary) {}

    @FunctionalInterface
    public interface Handler {
        Result handle(Path file, byte[] content);
    }

    private final Path dir;
    private final Handler handler;
    private final Duration settle;
    private final WatchService watch;
    private final Thread thread;
    private final Map<Path, String> seen = new HashMap<>();
    private volatile boolean running = true;

    private DropDirectoryWatcher(Path dir, Handler handler, Duration settle) throws IOException {
        this.dir = dir;
        this.handler = handler;
        this.settle = settle;
        Files.createDirectories(dir.resolve("done"));
        Files.createDirectories(dir.resolve("refused"));
        this.watch = dir.getFileSystem().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = LogThread.daemons("drop-dir-" + dir.getFileName()).newThread(this::loop);
    }

    public static DropDirectoryWatcher start(Path dir, Handler handler, Duration settle) throws IOException {
        DropDirectoryWatcher w = new DropDirectoryWatcher(dir, handler, settle);
        w.thread.start();
        LOG.infof("watching drop directory %s", dir);
        return w;
    }

    private void loop() {
        while (running) {
            try {
                var key = watch.poll(settle.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                scan();
            } catch (ClosedWatchServiceException | InterruptedException stop) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "drop directory %s: %s", dir, e.getMessage());
            }
        }
    }

    /** Takes every file whose size and mtime were the same on the previous scan. */
    void scan() throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !name.startsWith(".") && !name.endsWith(".tmp")
                        && !name.endsWith(".part") && !name.endsWith(".result")) {
                    candidates.add(p);
                }
            }
        }
        candidates.sort(null); // a batch dropped at once is taken in name order, e.g. by serial
        seen.keySet().retainAll(candidates);
        for (Path p : candidates) {
            String stamp = Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
            if (stamp.equals(seen.put(p, stamp))) {
                seen.remove(p);
                process(p);
            }
        }
    }

    private void process(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        Result result;
        try {
            result = handler.handle(file, content);
        } catch (RuntimeException e) {
            // Not the version's fault (e.g. Kafka unavailable): leave the file for the next scan.
            LOG.errorf(e, "drop directory: %s not processed, will retry: %s", file.getFileName(), e.getMessage());
            return;
        }
        Path target = dir.resolve(result.accepted() ? "done" : "refused").resolve(file.getFileName());
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(target.resolveSibling(file.getFileName() + ".result"), result.summary() + "\n",
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        running = false;
        watch.close();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
