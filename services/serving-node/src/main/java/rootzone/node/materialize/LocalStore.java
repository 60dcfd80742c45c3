package rootzone.node.materialize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.ZoneWire;
import rootzone.eventlog.ZoneKeys;
import rootzone.tlog.tile.AtomicFile;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;

/**
 * The node's memory across restarts, in its data directory: the last version it served (records in
 * the contract's uncompressed wire form, so they come back exactly: case, TTL, order) and a small
 * state file naming it, its versions offset, its content digest and how far the node has read the log.
 *
 * <p>Crash safety: every file is written to a temporary name, forced to disk and renamed over the
 * old one. The zone file is written first under a name carrying its serial; the state file's rename
 * is the commit point, so a crash leaves either the old state (and its zone file) or the new one.
 * On load the zone's digest must match the state file: anything else is ignored with a log line and
 * the node bootstraps from Kafka.
 */
public final class LocalStore {

    private static final Logger LOG = Logger.getLogger(LocalStore.class);
    private static final String STATE = "state.properties";

    /**
     * What was saved.
     *
     * @param versionsOffset offset of the served version's ZoneVersionCommitted
     * @param nextOffset the versions-topic offset the node had read up to: versions before it that
     *     were rejected have already been reported
     */
    public record Saved(Zone zone, long versionsOffset, byte[] digest, long nextOffset) {
        public Saved {
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }
    }

    private final Path dir;
    private final String zoneKey;
    private Saved current;
    private String currentFile;

    /** @param dataDir the node's data directory; each zone gets its own subdirectory */
    public LocalStore(Path dataDir, String zone) {
        this.zoneKey = ZoneKeys.normalize(zone);
        this.dir = dataDir.resolve("zone-" + (zoneKey.equals(".") ? "root" : zoneKey.substring(0, zoneKey.length() - 1)));
    }

    public Path directory() {
        return dir;
    }

    /** The saved version, verified against its digest; empty when there is none or it is unusable. */
    public synchronized Optional<Saved> load() {
        Path stateFile = dir.resolve(STATE);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("ignoring the local snapshot: cannot read %s: %s", stateFile, e.getMessage());
            return Optional.empty();
        }
        try {
            if (!zoneKey.equals(p.getProperty("zone"))) {
                throw new IllegalStateException("it is of zone " + p.getProperty("zone") + ", not " + zoneKey);
            }
            String file = required(p, "zone-file");
            if (file.contains("/") || file.contains("\\")) {
                throw new IllegalStateException("zone-file must be a plain file name: " + file);
            }
            long serial = Long.parseLong(required(p, "serial"));
            long versionsOffset = Long.parseLong(required(p, "versions-offset"));
            long nextOffset = Long.parseLong(required(p, "next-offset"));
            int count = Integer.parseInt(required(p, "record-count"));
            byte[] digest = HexFormat.of().parseHex(required(p, "digest"));
            byte[] wire = Files.readAllBytes(dir.resolve(file));
            // event-log's one check of a whole version: serial, record count, content digest.
            Zone zone = VersionApplier.verify(ZoneWire.decode(ZoneKeys.origin(zoneKey), wire, count), serial, count,
                    new rootzone.zone.StatedContent.Digest(digest));
            if (nextOffset <= versionsOffset) {
                throw new IllegalStateException("next-offset " + nextOffset + " is not after versions-offset " + versionsOffset);
            }
            current = new Saved(zone, versionsOffset, digest, nextOffset);
            currentFile = file;
            return Optional.of(current);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring the local snapshot in %s (bootstrapping from Kafka instead): %s", dir, e.getMessage());
            return Optional.empty();
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("the state file has no " + key);
        }
        return v;
    }

    /** Saves a newly served version and the read position; removes the zone file it replaces. */
    public synchronized void save(Zone zone, long versionsOffset, byte[] digest, long nextOffset) throws IOException {
        Objects.requireNonNull(zone);
        Files.createDirectories(dir);
        String file = "served-" + zone.serial() + ".wire";
        byte[] bytes = ZoneWire.encode(zone);
        AtomicFile.replaceDurably(dir.resolve(file), bytes);
        Saved next = new Saved(zone, versionsOffset, digest, nextOffset);
        writeState(next, file);
        String old = currentFile;
        current = next;
        currentFile = file;
        if (old != null && !old.equals(file)) {
            Files.deleteIfExists(dir.resolve(old));
        }
        removeStrays(file);
    }

    /** Records how far the log was read (e.g. past rejected versions) without changing the served version. */
    public synchronized void savePosition(long nextOffset) throws IOException {
        if (current == null) {
            throw new IllegalStateException("no served version saved yet");
        }
        if (nextOffset == current.nextOffset()) {
            return;
        }
        Saved next = new Saved(current.zone(), current.versionsOffset(), current.digest(), nextOffset);
        writeState(next, currentFile);
        current = next;
    }

    private void writeState(Saved s, String file) throws IOException {
        Properties p = new Properties();
        p.setProperty("zone", zoneKey);
        p.setProperty("serial", Long.toString(s.zone().serial()));
        p.setProperty("versions-offset", Long.toString(s.versionsOffset()));
        p.setProperty("next-offset", Long.toString(s.nextOffset()));
        p.setProperty("record-count", Integer.toString(s.zone().size()));
        p.setProperty("digest", ContentDigest.hex(s.digest()));
        p.setProperty("zone-file", file);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        p.store(out, "rootzone serving node: last served version (written by LocalStore)");
        AtomicFile.replaceDurably(dir.resolve(STATE), out.toByteArray());
    }

    /** Zone files left by a crash between writing a zone file and committing the state, and temporary files. */
    private void removeStrays(String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{served-*.wire*,.tmp-*}")) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

}
