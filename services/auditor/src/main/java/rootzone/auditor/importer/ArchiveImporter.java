package rootzone.auditor.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.xbill.DNS.Name;
import rootzone.auditor.archive.ArchiveEntry;
import rootzone.auditor.archive.ArchiveException;
import rootzone.auditor.archive.ZoneArchive;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.zone.Serial;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * Loads an archive into the event log, in serial order, each version as one transaction through
 * event-log's VersionWriter, marked imported with its original capture time. Versions not newer than
 * the log's latest are skipped, so an interrupted import is resumed by running it again.
 *
 * <p>Parsing is the bulk of the cost (measured: ~55 ms CPU per root zone version against ~35 ms to diff
 * and write it), so versions are parsed a few ahead, on up to {@link #PARSERS} threads, while the
 * previous one is diffed and written; they are still written strictly in serial order. The last
 * imported version also gets a full snapshot, for node bootstrap.
 */
public final class ArchiveImporter {

    /** Put after the last version's parse: the consumer stops there. */
    private static final Future<Parsed> END = CompletableFuture.completedFuture(null);
    /** Parser threads: more than the cores only adds memory (each parsed root zone is ~10 MB). */
    static final int PARSERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final VersionWriter writer;
    private final String publisher;

    /**
     * @param publisher who the versions are recorded as published by (the operator running the import)
     */
    public ArchiveImporter(VersionWriter writer, String publisher) {
        this.writer = writer;
        this.publisher = publisher;
    }

    /**
     * @param lastCommitted the zone's latest version in the log, or null when it has none
     * @param zoneAt the full zone of a serial already in the log (to diff the first imported version)
     * @param progress told the number of versions imported so far
     */
    public ImportReport run(Path path, String fileInRepo, Name origin, LastCommitted lastCommitted,
                            Function<Long, Zone> zoneAt, IntConsumer progress) {
        long started = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        int found = 0;
        int imported = 0;
        int skipped = 0;
        Long first = null;
        Long last = null;
        try (ZoneArchive archive = ZoneArchive.open(path, fileInRepo)) {
            warnings.addAll(archive.warnings());
            found = archive.entries().size();
            List<ArchiveEntry> todo = new ArrayList<>();
            for (ArchiveEntry e : archive.entries()) {
                if (lastCommitted == null || Serial.isNewer(e.serial(), lastCommitted.serial())) {
                    todo.add(e);
                } else {
                    skipped++;
                }
            }
            Zone previous = lastCommitted == null || todo.isEmpty() ? null : zoneAt.apply(lastCommitted.serial());
            // Futures in serial order: the reader blocks when PARSERS + 1 versions are in flight.
            BlockingQueue<Future<Parsed>> parsed = new ArrayBlockingQueue<>(PARSERS + 1);
            ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "import-reader"));
            ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, r -> new Thread(r, "import-parser"));
            try {
                Future<?> reading = reader.submit(() -> {
                    archive.read(todo, (entry, text) -> parsed.put(parsers.submit(() -> {
                        Zone zone = ZoneParser.parse(text, origin, entry.origin());
                        if (zone.serial() != entry.serial()) {
                            throw new ArchiveException(entry.origin() + ": serial changed while reading");
                        }
                        return new Parsed(entry, zone);
                    })));
                    parsed.put(END);
                    return null;
                });
                while (true) {
                    Future<Parsed> next = parsed.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                    if (next == null) {
                        if (reading.isDone() && parsed.isEmpty()) {
                            reading.get(); // throws what stopped the reader
                            break;
                        }
                        continue;
                    }
                    if (next == END) {
                        break;
                    }
                    Parsed p = next.get(); // a parse error surfaces here, in serial order
                    boolean lastOne = imported == todo.size() - 1;
                    VersionInfo info = new VersionInfo(publisher, "import", p.entry().capturedAt(), true, null, lastOne);
                    writer.write(previous, p.zone(), info);
                    previous = p.zone();
                    imported++;
                    if (first == null) {
                        first = p.entry().serial();
                    }
                    last = p.entry().serial();
                    progress.accept(imported);
                }
            } finally {
                reader.shutdownNow();
                parsers.shutdownNow();
            }
            return new ImportReport(path.toString(), found, imported, skipped, first, last, millisSince(started), warnings, null);
        } catch (java.util.concurrent.ExecutionException e) {
            return failed(path, found, imported, skipped, first, last, started, warnings, e.getCause());
        } catch (Exception e) {
            return failed(path, found, imported, skipped, first, last, started, warnings, e);
        }
    }

    private record Parsed(ArchiveEntry entry, Zone zone) {}

    private static ImportReport failed(Path path, int found, int imported, int skipped, Long first, Long last, long started,
                                       List<String> warnings, Throwable cause) {
        String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return new ImportReport(path.toString(), found, imported, skipped, first, last, millisSince(started), warnings,
                message + (imported > 0 ? " (versions up to serial " + last + " were imported; run again to resume)" : " (nothing imported)"));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
