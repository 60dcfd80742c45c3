package rootzone.publisher.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import rootzone.archive.ArchiveEntry;
import rootzone.archive.ArchiveException;
import rootzone.archive.ZoneArchive;
import rootzone.eventlog.LogThread;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.ZoneHead;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.Serial;
import rootzone.zone.SuccessiveParser;
import rootzone.zone.Zone;
import rootzone.zone.ZoneLimits;
import rootzone.zone.Zonemd;
import rootzone.zone.VersionPolicy;

/**
 * Imports an archive through the zone's {@link ZonePublisher}, in serial order: the publisher's lock,
 * transactional id, succession check and gates, with only the relaxations the signed request names.
 * Versions not newer than the zone's last published serial when the import starts are skipped, so an
 * interrupted import is resumed by running it again; the import stops at the first refused version.
 *
 * <p>Where the time goes (measured on the real history, deploy/bench/publisher/import.sh): parsing a
 * whole 1.2 MB version costs ~250-600 ms, so versions are parsed by {@link SuccessiveParser}, which
 * parses only the lines that changed since the previous file (a median of 6). One thread reads and
 * parses ahead (a bundle's texts come out of its pack in memory, archive BundleArchive) while the
 * publisher gates and writes; consecutive
 * versions are written {@link #BATCH} to a Kafka transaction, each with its own signed event.
 */
public final class ArchiveImporter {

    /** Versions per transaction: a commit costs a few round trips to the broker, a version ~1 ms of records. */
    static final int BATCH = 50;
    private static final Object END = new Object();

    /** What the reader puts in place of END when reading failed: the versions before it are still imported. */
    private record ReadFailure(Throwable cause) {}

    private final ZonePublisher publisher;
    private final ZoneLimits limits;

    public ArchiveImporter(ZonePublisher publisher, ZoneLimits limits) {
        this.publisher = publisher;
        this.limits = limits;
    }

    /**
     * @param request source "import", requester the verified signer of the import request
     * @param progress told the number of versions imported so far
     */
    public ImportReport run(Path path, String fileInRepo, PublishRequest request, Set<VersionPolicy.Relaxation> relaxations,
            IntConsumer progress) {
        long started = System.nanoTime();
        Counts n = new Counts();
        List<String> warnings = new ArrayList<>();
        try (ZoneArchive archive = ZoneArchive.open(path, fileInRepo)) {
            warnings.addAll(archive.warnings());
            n.found = archive.entries().size();
            Long headSerial = publisher.head().map(ZoneHead::serial).orElse(null);
            List<ArchiveEntry> todo = new ArrayList<>();
            for (ArchiveEntry e : archive.entries()) {
                if (headSerial == null || Serial.isNewer(e.serial(), headSerial)) {
                    todo.add(e);
                } else {
                    n.skipped++;
                }
            }
            BlockingQueue<CompletableFuture<Object>> parsed = new ArrayBlockingQueue<>(2 * BATCH);
            ExecutorService digester = Executors.newSingleThreadExecutor(LogThread.daemons("import-digester"));
            Thread reader = new Thread(() -> {
                SuccessiveParser parser = new SuccessiveParser(publisher.origin(), limits);
                try {
                    archive.read(todo, (entry, text) -> {
                        Zone previous = parser.last();
                        SuccessiveParser.Parsed p = parser.next(text, entry.origin());
                        if (p.zone().soa() == null || p.zone().serial() != entry.serial()) {
                            throw new ArchiveException(entry.origin() + ": serial changed while reading");
                        }
                        // Both digests ahead of the publisher's lock, on their own thread so that parsing
                        // the next version overlaps them (2 cores): the ZONEMD one (the version's
                        // transparency-log entry) is the dearest step of a version, and its walk yields
                        // the content digest too. The queue keeps the archive's order.
                        Zone zone = p.zone();
                        parsed.put(CompletableFuture.<Object>supplyAsync(() -> {
                            byte[] zonemd = Zonemd.digest(zone, Zonemd.SHA384);
                            ContentRoot.of(zone); // what its commit states (v5); the Zone keeps it for the writer
                            return new ZonePublisher.ImportCandidate(zone, ContentDigest.of(zone), zonemd, previous,
                                    p.diff(), entry.capturedAt(), entry.origin());
                        }, digester));
                    });
                    parsed.put(CompletableFuture.<Object>completedFuture(END));
                } catch (InterruptedException stopped) {
                    // the importer stopped first
                } catch (Throwable e) {
                    // In the queue's order: the versions read before the failure are imported, then it is reported.
                    try {
                        parsed.put(CompletableFuture.<Object>completedFuture(new ReadFailure(e)));
                    } catch (InterruptedException stopped) {
                        // the importer stopped first
                    }
                }
            }, "import-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                int taken = 0;
                boolean end = false;
                ReadFailure failed = null;
                while (!end) {
                    List<ZonePublisher.ImportCandidate> batch = new ArrayList<>(BATCH);
                    CompletableFuture<Object> first = parsed.poll(10, TimeUnit.MINUTES);
                    if (first == null) {
                        throw new ArchiveException("reading the archive stalled for 10 minutes");
                    }
                    List<CompletableFuture<Object>> items = new ArrayList<>(BATCH);
                    items.add(first);
                    parsed.drainTo(items, BATCH - 1);
                    for (CompletableFuture<Object> f : items) {
                        Object o = f.get(10, TimeUnit.MINUTES);
                        if (o == END) {
                            end = true;
                        } else if (o instanceof ReadFailure r) {
                            failed = r;
                            end = true;
                        } else {
                            batch.add((ZonePublisher.ImportCandidate) o);
                        }
                    }
                    if (batch.isEmpty()) {
                        break;
                    }
                    taken += batch.size();
                    List<PublishOutcome> outcomes = publisher.importVersions(batch, request, relaxations, taken == todo.size());
                    for (PublishOutcome o : outcomes) {
                        if (o instanceof PublishOutcome.Published p) {
                            n.imported++;
                            n.first = n.first == null ? p.serial() : n.first;
                            n.last = p.serial();
                        } else if (o instanceof PublishOutcome.AlreadyPublished) {
                            n.skipped++;
                        } else if (o instanceof PublishOutcome.Refused r) {
                            return n.report(path, started, warnings, "stopped at the first refused version: " + r.summary(), r);
                        }
                    }
                    progress.accept(n.imported);
                }
                if (failed != null) {
                    throw failed.cause();
                }
            } finally {
                reader.interrupt();
                digester.shutdownNow();
            }
            return n.report(path, started, warnings, null, null);
        } catch (Throwable thrown) {
            Throwable e = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            return n.report(path, started, warnings, message, null);
        }
    }

    private static final class Counts {
        int found;
        int imported;
        int skipped;
        Long first;
        Long last;

        ImportReport report(Path path, long started, List<String> warnings, String error, PublishOutcome.Refused refused) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            String full = error == null ? null : error + (imported > 0 ? " (versions up to serial " + last
                    + " were imported; run again to resume)" : " (nothing imported)");
            return new ImportReport(path.toString(), found, imported, skipped, first, last, millis, warnings, full, refused);
        }
    }
}
