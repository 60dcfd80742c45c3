package rootzone.auditor.resume;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import rootzone.auditor.persist.SealedFile;
import static rootzone.auditor.persist.SealedFile.bytes;
import static rootzone.auditor.persist.SealedFile.count;
import static rootzone.auditor.persist.SealedFile.instant;
import static rootzone.auditor.persist.SealedFile.str;
import rootzone.auditor.replay.NodeApplies;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.tlog.AuditedLog;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainLink;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Forgery;

/**
 * The auditor's replay position on disk: magic "RZAC", a format version, the body, then the SHA-256 of all
 * that. Written to a temp file, fsynced, then renamed over the old one (and the directory fsynced), so
 * a crash leaves the old or the new replay position, never half of one. A file that is truncated, altered,
 * of another format or not a replay position at all is refused with a log line: the caller replays from 0.
 */
public final class ReplayPositionFile {

    private static final Logger LOG = Logger.getLogger(ReplayPositionFile.class);
    private static final int MAGIC = 0x525a4143; // "RZAC"
    private static final int FORMAT = 3; // 2: tentative chunks and forgeries (signed publications); 3: transparency logs

    private final Path file;
    private final SealedFile sealed;

    public ReplayPositionFile(Path dataDir) {
        this.file = dataDir.resolve("events.checkpoint");
        this.sealed = new SealedFile(file, MAGIC, FORMAT);
    }

    public Path path() {
        return file;
    }

    public void write(ReplayPosition c) {
        sealed.write(out -> body(out, c));
    }

    /** The replay position, or empty when there is none or it cannot be trusted (logged). */
    public Optional<ReplayPosition> read() {
        SealedFile.Read<ReplayPosition> read = sealed.read(ReplayPositionFile::body);
        if (read instanceof SealedFile.Refused<ReplayPosition> r) {
            LOG.warnf("replay position %s ignored (%s), replaying from offset 0", file, r.reason());
        }
        return read instanceof SealedFile.Valid<ReplayPosition> v ? Optional.of(v.value()) : Optional.empty();
    }

    private static void body(DataOutputStream out, ReplayPosition c) throws IOException {
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

    private static ReplayPosition body(DataInputStream in) throws IOException {
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
        ReplayPosition.LastVerified last = in.readBoolean()
                ? new ReplayPosition.LastVerified(str(in), in.readInt(), in.readLong(), bytes(in)) : null;
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
        return new ReplayPosition(clusterId, positions, tips, firstBreak, checked, last, applies, rejections, tentative,
                forgeries, logSizes, unpaired);
    }
}
