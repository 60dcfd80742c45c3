import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.xbill.DNS.Name;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.importer.ArchiveImporter;
import rootzone.publisher.importer.ImportReport;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherKeys;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.zone.VersionPolicy;
import rootzone.zone.ZoneLimits;

/**
 * The publisher's import of a whole archive, as POST /imports runs it after the request is verified:
 * a real KRaft broker (SASL, ACLs, the publisher's role), ZonePublisher with the default policy and
 * the import relaxations, ArchiveImporter on the bundle. Prints the report and versions/s, then checks
 * the chain the log holds. Run by import.sh with the publisher's test classpath.
 */
public class ImportBench {
    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("import-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            KafkaConnection kafka;
            try (Admin client = Admin.create(broker.adminConnection().clientProperties())) {
                TopicProvisioner.ensure(client);
                kafka = RoleCredentials.ensure(client, broker.adminConnection(), tmp.resolve("publisher.properties"), Role.PUBLISHER);
            }
            PublisherSigner signer = rootzone.eventlog.testing.TestPublisherKey.signer();
            try (ZonePublisher publisher = ZonePublisher.start(kafka, "rootzone-publisher-bench", "publisher-bench", Name.root,
                    ZonePolicy.defaults(), 100, Gatekeeper.standard(), PublisherKeys.of(signer), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC())) {
                PublishRequest request = new PublishRequest("import", new Requester.SignedImport("bench-maintainer", "bench"), null,
                        Instant.now());
                long t0 = System.nanoTime();
                int[] shown = {0};
                ImportReport report = new ArchiveImporter(publisher, ZoneLimits.defaults()).run(bundle, null, request,
                        Set.of(VersionPolicy.Relaxation.ZONEMD, VersionPolicy.Relaxation.DNSSEC, VersionPolicy.Relaxation.BLAST_RADIUS),
                        n -> {
                            if (n / 100 != shown[0] / 100) {
                                shown[0] = n;
                                System.out.printf("  %d versions imported, %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
                            }
                        });
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.println("report: " + report);
                System.out.printf("import: %d versions in %.1f s = %.1f versions/s (goal >= 50, < 40 s)%n", report.imported(), s,
                        report.imported() / s);
                LastCommitted last = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).lastCommitted(".").orElseThrow();
                System.out.printf("log: %d versions, last serial %d, chain intact: %s%n", last.versions(), last.serial(), last.intact());
            }
        }
    }
}
