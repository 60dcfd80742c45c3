package rootzone.node.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import rootzone.node.dns.ServedZone;
import rootzone.node.materialize.LocalStore;

/**
 * The node's process entry: begins reading the local snapshot, then boots Quarkus. As NSD reads its
 * database while the rest starts, the node decodes and checks its snapshot (~0.4 s of cold code for
 * the root zone) on a thread of its own while Quarkus boots (~0.9 s), instead of after it: a restart
 * answers sooner (issue 14, "Start").
 *
 * <p>Quarkus' configuration does not exist yet here, so the read is a guess from where a deployment
 * names the data directory and zone: the system properties and environment variables that
 * {@link NodeConfig} also reads. {@link ServingNode} takes the read only when its directory is the one
 * the configuration names; otherwise it reads again, so a wrong guess costs time, never the wrong zone.
 * The version read is also indexed on that thread (ServedZone.prepare); the first switch takes that
 * index only if it is to that very zone, so an index of a snapshot the policy then refuses is dropped.
 * In tests (QuarkusTest) this main is not called, and the node reads its snapshot in start().
 */
@QuarkusMain
public final class NodeMain {

    private static final Logger LOG = Logger.getLogger(NodeMain.class);
    private static volatile LocalStore preloading;
    /** What the node serves; the preload indexes the local snapshot into it while Quarkus boots. */
    private static volatile ServedZone served;

    private NodeMain() {}

    public static void main(String... args) {
        preload(guessed(System::getProperty, System::getenv));
        Quarkus.run(args);
    }

    /**
     * Begins reading the guessed store, the one {@link #localStore} then gives for its directory, and
     * indexing what it reads into the ServedZone that {@link #servedZone} then gives: the index was
     * ~50 ms of the 110 ms a snapshot start spent after the boot (root zone, 2026-12-08).
     */
    static LocalStore preload(Optional<LocalStore> guess) {
        ServedZone zone = new ServedZone();
        served = zone;
        LocalStore store = guess.map(s -> s.preload(zone::prepare)).orElse(null);
        preloading = store;
        return store;
    }

    /** The ServedZone main prepared (taken once), else a new one (tests, where this main is not called). */
    static ServedZone servedZone() {
        ServedZone early = served;
        served = null;
        return early != null ? early : new ServedZone();
    }

    /** The store the launch guessed at, or nothing when the data directory is not set at launch. */
    static Optional<LocalStore> guessed(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String dataDir = launchSetting(properties, environment, "rootzone.node.data-dir");
        if (dataDir == null) {
            return Optional.empty();
        }
        String zone = launchSetting(properties, environment, "rootzone.node.zone");
        return Optional.of(new LocalStore(Path.of(dataDir), zone == null ? "." : zone));
    }

    /** A property as MicroProfile Config names it in the environment: ROOTZONE_NODE_DATA_DIR. */
    private static String launchSetting(UnaryOperator<String> properties, UnaryOperator<String> environment, String name) {
        String v = properties.apply(name);
        return v != null ? v : environment.apply(name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }

    /**
     * The local store of {@code zone} in {@code dataDir}: the one main began reading when it is the
     * same directory (taken once), else a new one.
     */
    static LocalStore localStore(Path dataDir, String zone) {
        LocalStore early = preloading;
        preloading = null;
        LocalStore configured = new LocalStore(dataDir, zone);
        if (early == null) {
            return configured;
        }
        if (same(early.directory(), configured.directory())) {
            return early;
        }
        LOG.infof("the local snapshot read at launch was %s, the configuration names %s: reading that instead", early.directory(),
                configured.directory());
        return configured;
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
