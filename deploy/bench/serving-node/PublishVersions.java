import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.kafka.access.KafkaConnection;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * Bench helper for propagation.sh (java single-file program): writes real root zone versions to the
 * versions topic with event-log's VersionWriter, one transaction each, when told to on stdin.
 *
 * <pre>java -cp CLASSPATH PublishVersions.java PUBLISHER_PROPERTIES SNAPSHOT_EVERY ZONEFILE...</pre>
 *
 * Each stdin line "N" publishes the next N files (the first one whole, the others as deltas; every
 * SNAPSHOT_EVERY-th with a snapshot) and prints, per version, once its transaction has committed:
 * {@code committed SERIAL START_MS COMMIT_MS OFFSET} (epoch milliseconds; START before parsing is
 * excluded: the zone is parsed ahead), then {@code ready}. Stops at end of input.
 */
public final class PublishVersions {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PublishVersions PUBLISHER_PROPERTIES SIGNING_KEY_FILE SNAPSHOT_EVERY ZONEFILE...");
            System.exit(2);
        }
        // The publisher role's client properties (topics are made by the broker's setup, EmbeddedKafkaMain).
        KafkaConnection publisher = KafkaConnection.load(Path.of(args[0]));
        rootzone.eventlog.signing.PublisherSigner signer = new rootzone.eventlog.signing.PublisherSigner(
                rootzone.eventlog.signing.KeyFiles.readPrivateKey(Path.of(args[1])));
        int snapshotEvery = Integer.parseInt(args[2]);
        List<Path> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        try (EventWriter events = new EventWriter(publisher, "rootzone-publisher-bench", "bench-publisher")) {
            VersionWriter writer = new VersionWriter(events, signer);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Zone previous = null;
            int next = 0;
            Zone parsed = ZoneParser.parse(files.get(0), Name.root);
            System.out.println("ready");
            System.out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                int n = Integer.parseInt(line.trim());
                for (int i = 0; i < n && next < files.size(); i++) {
                    boolean snapshot = next == 0 || (snapshotEvery > 0 && next % snapshotEvery == 0);
                    long start = System.currentTimeMillis();
                    WrittenVersion w = writer.write(previous, parsed,
                            VersionInfo.published("bench", files.get(next).getFileName().toString(), Instant.now())
                                    .withSnapshot(snapshot));
                    long committed = System.currentTimeMillis();
                    System.out.printf("committed %d %d %d %d%n", w.serial(), start, committed, w.committedOffset());
                    System.out.flush();
                    previous = parsed;
                    next++;
                    // Parse the following version now, outside the measured window.
                    parsed = next < files.size() ? ZoneParser.parse(files.get(next), Name.root) : null;
                }
                System.out.println("ready");
                System.out.flush();
            }
        }
    }

    private PublishVersions() {}
}
