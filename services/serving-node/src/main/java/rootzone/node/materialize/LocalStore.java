package rootzone.node.materialize;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.ZoneWire;
import rootzone.eventlog.ZoneKeys;
import rootzone.tlog.tile.AtomicFile;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The node's memory across restarts, in its data directory: a version it served (records in the
 * contract's uncompressed wire form, so they come back exactly: case, TTL, order), the differences
 * from it to the last version served (a journal, as NSD's and Knot's), and a small state file naming
 * them, the last version's serial, versions offset and content digest, and how far the node has read
 * the log. A version costs the node an append of its difference, not a copy of the whole zone (issue
 * 14: the whole zone written per version was nearly all the node's garbage at a switch, and grows
 * with the zone); the whole zone is written again when the journal reaches
 * {@value #MAX_JOURNAL_ENTRIES} differences or half the snapshot's size.
 *
 * <p>Crash safety: the zone file is written to a temporary name, forced to disk and renamed; a
 * difference is appended to the journal and forced; the state file (written the same way) names the
 * files and the journal's committed length, and its rename is the commit point, so a crash leaves
 * either the old state or the new one, and bytes appended past the committed length are dropped at
 * the next append. On load the differences are applied as strictly as IXFR and the result's serial,
 * record count and digest must match the state file: anything else is ignored with a log line and the
 * node bootstraps from Kafka.
 */
public final class LocalStore {

    private static final Logger LOG = Logger.getLogger(LocalStore.class);
    private static final String STATE = "state.properties";
    /** Bounds what a restart replays on top of the snapshot. */
    static final int MAX_JOURNAL_ENTRIES = 64;

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
    private SavedFiles files;
    /** A read begun by {@link #preload()}, taken by the first {@link #load()}. */
    private CompletableFuture<Optional<Saved>> preloaded;

    /**
     * The files of a saved version, as the state file names them: the zone file (the snapshot the
     * journal starts from: its serial, record count and size) and the journal's committed length and
     * entries.
     */
    private record SavedFiles(String zoneFile, long baseSerial, int baseCount, long baseBytes, long journalLength,
                          int journalEntries) {
        String journalFile() {
            return "journal-" + baseSerial + ".wire";
        }

        SavedFiles plus(int entryBytes) {
            return new SavedFiles(zoneFile, baseSerial, baseCount, baseBytes, journalLength + entryBytes, journalEntries + 1);
        }
    }

    /** @param dataDir the node's data directory; each zone gets its own subdirectory */
    public LocalStore(Path dataDir, String zone) {
        this.zoneKey = ZoneKeys.normalize(zone);
        this.dir = dataDir.resolve("zone-" + (zoneKey.equals(".") ? "root" : zoneKey.substring(0, zoneKey.length() - 1)));
    }

    public Path directory() {
        return dir;
    }

    /**
     * Begins {@link #load()} on a thread of its own, for a start with other work to do meanwhile (the
     * node reads its snapshot while its framework boots: issue 14); the next load() takes its result.
     * Then {@code prepare} runs on the version read, on the same thread and before that load() returns
     * it: what the caller would do with it first anyway (the node indexes it to answer), done while the
     * process still boots. A prepare that throws is logged and the version is still loaded.
     */
    public synchronized LocalStore preload(Consumer<Zone> prepare) {
        if (preloaded == null) {
            preloaded = CompletableFuture.supplyAsync(() -> {
                Optional<Saved> saved = read();
                try {
                    saved.ifPresent(s -> prepare.accept(s.zone()));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "preparing the local snapshot of serial %d failed; it is prepared again as it is served",
                            saved.get().zone().serial());
                }
                return saved;
            }, r -> LogThread.daemons("local-snapshot-read").newThread(r).start());
        }
        return this;
    }

    /** The saved version, verified against its digest; empty when there is none or it is unusable. */
    public Optional<Saved> load() {
        CompletableFuture<Optional<Saved>> early;
        synchronized (this) {
            early = preloaded;
            preloaded = null;
        }
        return early == null ? read() : early.join();
    }

    private synchronized Optional<Saved> read() {
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
            long t0 = System.nanoTime();
            byte[] wire = Files.readAllBytes(dir.resolve(file));
            long read = System.nanoTime();
            long base = Long.parseLong(p.getProperty("base-serial", Long.toString(serial)));
            int baseRecords = Integer.parseInt(p.getProperty("base-record-count", Integer.toString(count)));
            long journal = Long.parseLong(p.getProperty("journal-length", "0"));
            int entries = Integer.parseInt(p.getProperty("journal-entries", "0"));
            Zone zone = ZoneWire.decode(ZoneKeys.origin(zoneKey), wire, baseRecords);
            if (zone.serial() != base) {
                throw new IllegalStateException("the zone file holds serial " + zone.serial() + ", not " + base);
            }
            long decoded = System.nanoTime();
            zone = replay(zone, journal, entries);
            long replayed = System.nanoTime();
            // event-log's one check of a whole version: serial, record count, content digest.
            zone = VersionApplier.verify(zone, serial, count, new rootzone.zone.StatedContent.Digest(digest));
            long verified = System.nanoTime();
            LOG.infof("read the local snapshot of serial %d (%d records): file %d ms, decode %d ms, %d journal entries %d ms, "
                    + "content digest %d ms", serial, count, ms(t0, read), ms(read, decoded), entries, ms(decoded, replayed),
                    ms(replayed, verified));
            if (nextOffset <= versionsOffset) {
                throw new IllegalStateException("next-offset " + nextOffset + " is not after versions-offset " + versionsOffset);
            }
            current = new Saved(zone, versionsOffset, digest, nextOffset);
            files = new SavedFiles(file, base, baseRecords, wire.length, journal, entries);
            return Optional.of(current);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring the local snapshot in %s (bootstrapping from Kafka instead): %s", dir, e.getMessage());
            return Optional.empty();
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("the state file has no " + key);
        }
        return v;
    }

    /**
     * Saves a newly served version and the read position: its difference from the last saved one
     * appended to the journal, or the whole zone (removing the files it replaces) when there is none
     * yet or the journal is full.
     */
    public synchronized void save(Zone zone, long versionsOffset, byte[] digest, long nextOffset) throws IOException {
        Objects.requireNonNull(zone);
        Saved next = new Saved(zone, versionsOffset, digest, nextOffset);
        if (current != null && files.journalEntries() < MAX_JOURNAL_ENTRIES) {
            java.util.Set<org.xbill.DNS.Name> owners = zone.changedOwners(current.zone());
            byte[] entry = owners.size() > zone.size() / 16 ? null
                    : journalEntry(ZoneDiff.atOwners(current.zone(), zone, owners));
            if (entry != null && files.journalLength() + entry.length <= files.baseBytes() / 2) {
                try (FileChannel ch = FileChannel.open(dir.resolve(files.journalFile()), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    ch.truncate(files.journalLength()); // what a crash (or a failed commit) appended after the last commit
                    ch.position(files.journalLength());
                    ByteBuffer b = ByteBuffer.wrap(entry);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(false);
                }
                SavedFiles appended = files.plus(entry.length);
                writeState(next, appended);
                files = appended;
                current = next;
                return;
            }
        }
        Files.createDirectories(dir);
        String file = "served-" + zone.serial() + ".wire";
        byte[] bytes = ZoneWire.encode(zone);
        AtomicFile.replaceDurably(dir.resolve(file), bytes);
        SavedFiles whole = new SavedFiles(file, zone.serial(), zone.size(), bytes.length, 0, 0);
        writeState(next, whole);
        SavedFiles old = files;
        files = whole;
        current = next;
        if (old != null) {
            if (!old.zoneFile().equals(file)) {
                Files.deleteIfExists(dir.resolve(old.zoneFile()));
            }
            Files.deleteIfExists(dir.resolve(old.journalFile()));
        }
        removeStrays(file);
    }

    /** One difference: from and to serial, then the removed and the added records (count, length, wire). */
    private static byte[] journalEntry(ZoneDiff d) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(d.fromSerial());
            out.writeLong(d.toSerial());
            for (List<org.xbill.DNS.Record> records : List.of(d.removed(), d.added())) {
                byte[] wire = ZoneWire.encodeRecords(records);
                out.writeInt(records.size());
                out.writeInt(wire.length);
                out.write(wire);
            }
        }
        return bytes.toByteArray();
    }

    /** The zone file's version with the journal's committed differences applied, each as strictly as IXFR. */
    private Zone replay(Zone zone, long length, int entries) throws IOException {
        if (entries == 0) {
            return zone;
        }
        byte[] journal = Files.readAllBytes(dir.resolve("journal-" + zone.serial() + ".wire"));
        if (journal.length < length) {
            throw new IllegalStateException("the journal holds " + journal.length + " bytes, not the " + length + " committed");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(journal, 0, (int) length))) {
            for (int e = 0; e < entries; e++) {
                long from = in.readLong();
                long to = in.readLong();
                if (from != zone.serial()) {
                    throw new IllegalStateException("journal entry " + e + " starts at serial " + from + ", not " + zone.serial());
                }
                List<org.xbill.DNS.Record> removed = records(in);
                List<org.xbill.DNS.Record> added = records(in);
                zone = new ZoneDiff(from, to, removed, added).applyTo(zone);
                if (zone.serial() != to) {
                    throw new IllegalStateException("journal entry " + e + " ends at serial " + zone.serial() + ", not " + to);
                }
            }
            if (in.available() != 0) {
                throw new IllegalStateException("the journal's committed length holds more than " + entries + " entries");
            }
        }
        return zone;
    }

    private static List<org.xbill.DNS.Record> records(DataInputStream in) throws IOException {
        int count = in.readInt();
        int length = in.readInt();
        if (count < 0 || length < 0 || length > in.available()) {
            throw new IllegalStateException("a journal entry is cut short");
        }
        byte[] wire = new byte[length];
        in.readFully(wire);
        return ZoneWire.decodeRecords(wire, count);
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
        writeState(next, files);
        current = next;
    }

    private void writeState(Saved s, SavedFiles f) throws IOException {
        Properties p = new Properties();
        p.setProperty("zone", zoneKey);
        p.setProperty("serial", Long.toString(s.zone().serial()));
        p.setProperty("versions-offset", Long.toString(s.versionsOffset()));
        p.setProperty("next-offset", Long.toString(s.nextOffset()));
        p.setProperty("record-count", Integer.toString(s.zone().size()));
        p.setProperty("digest", ContentDigest.hex(s.digest()));
        p.setProperty("zone-file", f.zoneFile());
        p.setProperty("base-serial", Long.toString(f.baseSerial()));
        p.setProperty("base-record-count", Integer.toString(f.baseCount()));
        p.setProperty("journal-length", Long.toString(f.journalLength()));
        p.setProperty("journal-entries", Integer.toString(f.journalEntries()));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        p.store(out, "rootzone serving node: last served version (written by LocalStore)");
        AtomicFile.replaceDurably(dir.resolve(STATE), out.toByteArray());
    }

    /** Zone files and journals left by a crash between writing a zone file and committing the state, and temporary files. */
    private void removeStrays(String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{served-*.wire*,journal-*.wire*,.tmp-*}")) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

}
