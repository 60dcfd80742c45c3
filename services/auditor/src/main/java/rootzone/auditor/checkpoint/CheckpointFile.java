package rootzone.auditor.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import rootzone.auditor.replay.NodeApplies;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.tlog.AuditedLog;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainLink;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Forgery;

/**
 * The auditor's checkpoint on disk: magic "RZAC", a format version, the body, then the SHA-256 of all
 * that. Written to a temp file, fsynced, then renamed over the old one (and the directory fsynced), so
 * a crash leaves the old or the new checkpoint, never half of one. A file that is truncated, altered,
 * of another format or not a checkpoint at all is refused with a log line: the caller replays from 0.
 */
public final class CheckpointFile {

    private static final Logger LOG = Logger.getLogger(CheckpointFile.class);
    private static final int MAGIC = 0x525a4143; // "RZAC"
    private static final int FORMAT = 3; // 2: tentative chunks and forgeries (signed publications); 3: transparency logs
    private static final int DIGEST_LENGTH = 32;

    private final Path file;

    public CheckpointFile(Path dataDir) {
        this.file = dataDir.resolve("events.checkpoint");
    }

    public Path path() {
        return file;
    }

    public void write(AuditCheckpoint c) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            body(out, c);
            out.flush();
            out.write(sha256(bytes.toByteArray()));
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true); // makes the rename itself durable (Linux)
            } catch (IOException ignored) {
                // not every file system lets a directory be opened; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** The checkpoint, or empty when there is none or it cannot be trusted (logged). */
    public Optional<AuditCheckpoint> read() {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("checkpoint %s unreadable, replaying from offset 0: %s", file, e);
            return Optional.empty();
        }
        if (all.length < 8 + DIGEST_LENGTH) {
            LOG.warnf("checkpoint %s ignored (too short), replaying from offset 0", file);
            return Optional.empty();
        }
        byte[] content = Arrays.copyOf(all, all.length - DIGEST_LENGTH);
        if (!MessageDigest.isEqual(sha256(content), Arrays.copyOfRange(all, content.length, all.length))) {
            LOG.warnf("checkpoint %s ignored (digest does not match: corrupt or altered), replaying from offset 0", file);
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
            int magic = in.readInt();
            int format = in.readInt();
            if (magic != MAGIC || format != FORMAT) {
                LOG.warnf("checkpoint %s ignored (magic %08x format %d, expected %08x format %d), replaying from offset 0",
                        file, magic, format, MAGIC, FORMAT);
                return Optional.empty();
            }
            AuditCheckpoint c = body(in);
            if (in.available() != 0) {
                LOG.warnf("checkpoint %s ignored (trailing bytes), replaying from offset 0", file);
                return Optional.empty();
            }
            return Optional.of(c);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("checkpoint %s ignored (malformed: %s), replaying from offset 0", file, e);
            return Optional.empty();
        }
    }

    private static void body(DataOutputStream out, AuditCheckpoint c) throws IOException {
        str(out, c.clusterId());
        out.writeInt(c.positions().size());
        for (Map.Entry<String, Long> e : c.positions().entrySet()) {
            str(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(c.tips().size());
        for (ChainVerifier.Tip t : c.tips()) {
            tip(out, t);
        }
        out.writeBoolean(c.firstBreak() != null);
        if (c.firstBreak() != null) {
            ChainBreak b = c.firstBreak();
            str(out, b.topic());
            out.writeInt(b.partition());
            out.writeLong(b.offset());
            str(out, b.key());
            str(out, b.producer());
            out.writeLong(b.expectedSequence());
            out.writeLong(b.foundSequence());
            str(out, b.expectedHash());
            str(out, b.foundHash());
            str(out, b.reason());
        }
        out.writeLong(c.checked());
        out.writeBoolean(c.lastVerified() != null);
        if (c.lastVerified() != null) {
            str(out, c.lastVerified().topic());
            out.writeInt(c.lastVerified().partition());
            out.writeLong(c.lastVerified().offset());
            bytes(out, c.lastVerified().hash());
        }
        out.writeInt(c.applies().size());
        for (Map.Entry<Long, List<NodeApplies.Applied>> e : c.applies().entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().size());
            for (NodeApplies.Applied a : e.getValue()) {
                str(out, a.nodeId());
                instant(out, a.appliedAt());
                out.writeLong(a.versionOffset());
                str(out, a.contentDigest());
            }
        }
        out.writeInt(c.rejections().size());
        for (RejectionLog.Rejection r : c.rejections()) {
            instant(out, r.at());
            str(out, r.by());
            str(out, r.role());
            out.writeBoolean(r.serial() != null);
            if (r.serial() != null) {
                out.writeLong(r.serial());
            }
            str(out, r.reason());
            str(out, r.detail());
            str(out, r.source());
            str(out, r.requestedBy());
            str(out, r.zone());
            out.writeInt(r.partition());
            out.writeLong(r.offset());
        }
        out.writeInt(c.tentative().size());
        for (ChainVerifier.Tentative t : c.tentative()) {
            tip(out, t.tip());
            forgeries(out, t.chunks());
        }
        forgeries(out, c.forgeries());
        out.writeInt(c.logSizes().size());
        for (Map.Entry<String, Long> e : c.logSizes().entrySet()) {
            str(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(c.unpaired().size());
        for (AuditedLog.Unpaired u : c.unpaired()) {
            str(out, u.log());
            out.writeLong(u.fedUpTo());
            out.writeInt(u.leaves().size());
            for (AuditedLog.PendingLeaf l : u.leaves()) {
                out.writeLong(l.index());
                bytes(out, l.entry());
            }
            out.writeInt(u.events().size());
            for (AuditedLog.PendingEvent e : u.events()) {
                str(out, e.topic());
                out.writeLong(e.offset());
                bytes(out, e.value());
            }
        }
    }

    private static void tip(DataOutputStream out, ChainVerifier.Tip t) throws IOException {
        str(out, t.topic());
        str(out, t.key());
        str(out, t.producer());
        out.writeLong(t.link().sequence());
        bytes(out, t.link().hash());
    }

    private static ChainVerifier.Tip tip(DataInputStream in) throws IOException {
        return new ChainVerifier.Tip(str(in), str(in), str(in), new ChainLink(in.readLong(), bytes(in)));
    }

    private static void forgeries(DataOutputStream out, List<Forgery> list) throws IOException {
        out.writeInt(list.size());
        for (Forgery f : list) {
            str(out, f.topic());
            out.writeInt(f.partition());
            out.writeLong(f.offset());
            str(out, f.key());
            str(out, f.producer());
            str(out, f.eventType());
            out.writeBoolean(f.serial() != null);
            if (f.serial() != null) {
                out.writeLong(f.serial());
            }
            str(out, f.why());
        }
    }

    private static List<Forgery> forgeries(DataInputStream in) throws IOException {
        List<Forgery> list = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            String topic = str(in);
            int partition = in.readInt();
            long offset = in.readLong();
            String key = str(in);
            String producer = str(in);
            String type = str(in);
            Long serial = in.readBoolean() ? in.readLong() : null;
            list.add(new Forgery(topic, partition, offset, key, producer, type, serial, str(in)));
        }
        return list;
    }

    private static AuditCheckpoint body(DataInputStream in) throws IOException {
        String clusterId = str(in);
        Map<String, Long> positions = new LinkedHashMap<>();
        for (int i = count(in); i > 0; i--) {
            positions.put(str(in), in.readLong());
        }
        List<ChainVerifier.Tip> tips = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            tips.add(tip(in));
        }
        ChainBreak firstBreak = in.readBoolean() ? new ChainBreak(str(in), in.readInt(), in.readLong(), str(in), str(in),
                in.readLong(), in.readLong(), str(in), str(in), str(in)) : null;
        long checked = in.readLong();
        AuditCheckpoint.LastVerified last = in.readBoolean()
                ? new AuditCheckpoint.LastVerified(str(in), in.readInt(), in.readLong(), bytes(in)) : null;
        Map<Long, List<NodeApplies.Applied>> applies = new LinkedHashMap<>();
        for (int i = count(in); i > 0; i--) {
            long serial = in.readLong();
            List<NodeApplies.Applied> of = new ArrayList<>();
            for (int j = count(in); j > 0; j--) {
                of.add(new NodeApplies.Applied(str(in), instant(in), in.readLong(), str(in)));
            }
            applies.put(serial, of);
        }
        List<RejectionLog.Rejection> rejections = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            Instant at = instant(in);
            String by = str(in);
            String role = str(in);
            Long serial = in.readBoolean() ? in.readLong() : null;
            rejections.add(new RejectionLog.Rejection(at, by, role, serial, str(in), str(in), str(in), str(in), str(in),
                    in.readInt(), in.readLong()));
        }
        List<ChainVerifier.Tentative> tentative = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            tentative.add(new ChainVerifier.Tentative(tip(in), forgeries(in)));
        }
        List<Forgery> forgeries = forgeries(in);
        Map<String, Long> logSizes = new LinkedHashMap<>();
        for (int i = count(in); i > 0; i--) {
            logSizes.put(str(in), in.readLong());
        }
        List<AuditedLog.Unpaired> unpaired = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            String log = str(in);
            long fedUpTo = in.readLong();
            List<AuditedLog.PendingLeaf> leaves = new ArrayList<>();
            for (int j = count(in); j > 0; j--) {
                leaves.add(new AuditedLog.PendingLeaf(in.readLong(), bytes(in)));
            }
            List<AuditedLog.PendingEvent> events = new ArrayList<>();
            for (int j = count(in); j > 0; j--) {
                events.add(new AuditedLog.PendingEvent(str(in), in.readLong(), bytes(in)));
            }
            unpaired.add(new AuditedLog.Unpaired(log, fedUpTo, leaves, events));
        }
        return new AuditCheckpoint(clusterId, positions, tips, firstBreak, checked, last, applies, rejections, tentative,
                forgeries, logSizes, unpaired);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("implausible count " + n);
        }
        return n;
    }

    /** Strings as a length (-1 for null) and UTF-8: writeUTF stops at 64 KiB, a rejection detail may not. */
    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            bytes(out, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        return new String(read(in, n), StandardCharsets.UTF_8);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        return read(in, in.readInt());
    }

    private static byte[] read(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > in.available()) {
            throw new IOException("implausible length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
