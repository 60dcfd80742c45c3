package rootzone.publisher.importer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.ZoneKeys;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherService;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.zone.VersionPolicy;

/**
 * Runs imports in the background, one at a time per zone, and keeps their reports. An import is an
 * input of the publisher like the drop directory: it publishes through the zone's ZonePublisher, between
 * live publications (the lock is taken per batch), so the zone keeps one writer and one chain.
 */
@ApplicationScoped
public class ImportJobs {

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);

    /** @param report set once the import has ended */
    public record Status(String id, String zone, String state, String path, int imported, int total, ImportReport report) {}

    /** @param report empty until the import has ended; read by status requests on other threads */
    private record Job(String id, String zone, String path, AtomicInteger imported, AtomicReference<ImportReport> report) {}

    @Inject PublisherService service;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    /**
     * Starts importing an archive readable by this process, for a verified requester.
     *
     * @throws IllegalStateException when an import of the zone is running, or this publisher's head is
     *     not the log's last version (it would not continue from what the log holds)
     */
    public synchronized Status start(ZonePublisher publisher, String path, String fileInRepo, Requester.SignedImport requester,
            Set<VersionPolicy.Relaxation> relaxations, Instant received) {
        String zone = ZoneKeys.of(publisher.origin());
        Job busy = running.get(zone);
        if (busy != null) {
            throw new IllegalStateException("import " + busy.id() + " of " + busy.path() + " into zone " + zone + " is still running");
        }
        Optional<String> differs = service.headDiffersFromLog(publisher);
        if (differs.isPresent()) {
            throw new IllegalStateException("not importing: " + differs.get());
        }
        Job job = new Job(UUID.randomUUID().toString(), zone, path, new AtomicInteger(), new AtomicReference<>());
        jobs.put(job.id(), job);
        running.put(zone, job);
        PublishRequest request = new PublishRequest("import", requester, null, received);
        LogThread.daemons("import-" + job.id().substring(0, 8))
                .newThread(() -> run(job, publisher, Path.of(path), fileInRepo, request, relaxations)).start();
        return status(job);
    }

    private void run(Job job, ZonePublisher publisher, Path archive, String fileInRepo, PublishRequest request,
            Set<VersionPolicy.Relaxation> relaxations) {
        try {
            job.report().set(service.importArchive(publisher,
                    () -> new ArchiveImporter(publisher, service.limits()).run(archive, fileInRepo, request, relaxations,
                            n -> job.imported().set(n))));
        } catch (RuntimeException | LinkageError e) {
            // A linkage error too: a job must end with a report, never stay RUNNING.
            job.report().set(new ImportReport(job.path(), 0, job.imported().get(), 0, null, null, 0, List.of(),
                    "import could not run: " + e, null));
        } finally {
            LOG.infof("import %s ended: %s", job.id(), job.report().get());
            running.remove(job.zone());
        }
    }

    public Status status(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new NoSuchElementException("no import " + id);
        }
        return status(job);
    }

    private static Status status(Job job) {
        ImportReport report = job.report().get();
        String state = report == null ? "RUNNING" : report.error() == null ? "DONE" : "FAILED";
        return new Status(job.id(), job.zone(), state, job.path(), job.imported().get(), report != null ? report.found() : 0, report);
    }
}
