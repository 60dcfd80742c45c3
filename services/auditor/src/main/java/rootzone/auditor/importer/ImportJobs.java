package rootzone.auditor.importer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import rootzone.auditor.Auditor;
import rootzone.auditor.index.HistoryIndex;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.OwnEvents;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.ZoneKeys;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.RoleAcls;

/**
 * Runs imports in the background, one at a time (two would fence each other's transactional writer
 * anyway), and keeps their reports. Imports write with their own producer id, so their hash chains are
 * their own, distinct from the publisher's.
 */
@ApplicationScoped
public class ImportJobs {

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);

    /** @param report set once the import has ended */
    public record Status(String id, String state, String path, int imported, int total, ImportReport report) {}

    private record Job(String id, String path, AtomicInteger imported, int[] total, ImportReport[] report) {}

    @Inject Auditor auditor;

    @ConfigProperty(name = "rootzone.auditor.import.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "rootzone.auditor.import.publisher", defaultValue = "archive-import")
    String publisher;

    /** Until imports go through the publisher: the publisher's signing key, so imported versions are signed. */
    @ConfigProperty(name = "rootzone.auditor.import.signing-key-file")
    Optional<java.nio.file.Path> signingKeyFile;

    /**
     * Imports write versions, which the auditor's own Kafka role may not (it only reads): the client
     * properties of a principal that may, the publisher's, until imports go through the publisher
     * (issue 10, section 3). Unset: the auditor's own connection, which only an unsecured broker lets write.
     */
    @ConfigProperty(name = "rootzone.auditor.import.kafka-config")
    Optional<String> writerConfig;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile Job running;

    /**
     * Starts importing an archive readable by this process.
     *
     * @throws IllegalStateException when imports are disabled or one is running
     */
    public synchronized Status start(String path, String fileInRepo, String zone) {
        if (!enabled) {
            throw new IllegalStateException("imports are disabled on this auditor (rootzone.auditor.import.enabled)");
        }
        if (running != null) {
            throw new IllegalStateException("import " + running.id() + " of " + running.path() + " is still running");
        }
        String key = ZoneKeys.normalize(zone);
        HistoryIndex index = auditor.index(key);
        Path archive = Path.of(path);
        Job job = new Job(UUID.randomUUID().toString(), path, new AtomicInteger(), new int[1], new ImportReport[1]);
        jobs.put(job.id(), job);
        running = job;
        Thread t = new Thread(() -> run(job, archive, fileInRepo, key, index), "import-" + job.id().substring(0, 8));
        t.setDaemon(true);
        t.start();
        return status(job);
    }

    private void run(Job job, Path archive, String fileInRepo, String key, HistoryIndex index) {
        try (EventWriter events = new EventWriter(writer(), RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-import-" + key, publisher,
                java.time.Clock.systemUTC(), OwnEvents.signedBy(auditor.trusted()))) {
            Optional<LastCommitted> last = new VersionLog(auditor.kafka(), auditor.trusted()).lastCommitted(key);
            PublisherSigner signer = new PublisherSigner(KeyFiles.readPrivateKey(signingKeyFile.orElseThrow(() ->
                    new IllegalStateException("importing needs the publisher's signing key (rootzone.auditor.import.signing-key-file):"
                            + " nodes serve only signed versions"))));
            ArchiveImporter importer = new ArchiveImporter(new VersionWriter(events, signer), publisher);
            job.report()[0] = importer.run(archive, fileInRepo, index.origin(), last.orElse(null),
                    serial -> awaitIndexed(index, serial), n -> job.imported().set(n));
        } catch (RuntimeException | LinkageError e) {
            // A linkage error too: a job must end with a report, never stay RUNNING.
            job.report()[0] = new ImportReport(job.path(), 0, job.imported().get(), 0, null, null, 0, java.util.List.of(),
                    "import could not run: " + e);
        } finally {
            LOG.infof("import %s ended: %s", job.id(), job.report()[0]);
            synchronized (this) {
                running = null;
            }
        }
    }

    private KafkaConnection writer() {
        return writerConfig.map(String::trim).filter(s -> !s.isEmpty()).map(f -> KafkaConnection.load(Path.of(f)))
                .orElse(auditor.kafka());
    }

    /** The zone of a serial already in the log: the import continues from it, so wait for the index. */
    private static rootzone.zone.Zone awaitIndexed(HistoryIndex index, long serial) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (index.version(serial).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the auditor has not indexed serial " + serial + ", the log's latest, within 2 min");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        return index.zone(serial);
    }

    public Status status(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new NoSuchElementException("no import " + id);
        }
        return status(job);
    }

    private static Status status(Job job) {
        ImportReport report = job.report()[0];
        String state = report == null ? "RUNNING" : report.error() == null ? "DONE" : "FAILED";
        return new Status(job.id(), state, job.path(), job.imported().get(), report != null ? report.found() : 0, report);
    }
}
