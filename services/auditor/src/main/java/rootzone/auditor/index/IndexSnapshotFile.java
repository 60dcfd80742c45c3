package rootzone.auditor.index;

import static rootzone.auditor.persist.SealedFile.bytes;
import static rootzone.auditor.persist.SealedFile.count;
import static rootzone.auditor.persist.SealedFile.instant;
import static rootzone.auditor.persist.SealedFile.str;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import rootzone.auditor.persist.SealedFile;
import rootzone.zone.ZoneDiff;

/**
 * A zone's index snapshot on disk: magic "RZIS", format 2, the zone, then each version's
 * ZoneVersionCommitted statements (IndexedVersion) and its delta, records in DNS wire format (RFC 1035
 * §3.2.1, uncompressed, names as written), then the versions that failed the version policy (serial,
 * offset, reason, detail; format 1 had none and is refused, so such a snapshot is rebuilt once). Sealed and written atomically by SealedFile. Only the deltas
 * are saved, not the index's derived state: loading appends them again, so the index re-checks every
 * IXFR rule and every version's content digest exactly as when it read them from the topic.
 */
public final class IndexSnapshotFile {

    private static final int MAGIC = 0x525a4953; // "RZIS"
    private static final int FORMAT = 2;

    private final SealedFile sealed;

    public IndexSnapshotFile(Path file) {
        this.sealed = new SealedFile(file, MAGIC, FORMAT);
    }

    public Path path() {
        return sealed.path();
    }

    public void write(IndexSnapshot s) {
        sealed.write(out -> body(out, s));
    }

    /** The snapshot, none, or why it is not trusted (the caller then indexes from offset 0). */
    public SealedFile.Read<IndexSnapshot> read() {
        return sealed.read(IndexSnapshotFile::body);
    }

    private static void body(DataOutputStream out, IndexSnapshot s) throws IOException {
        str(out, s.zone());
        out.writeInt(s.versions().size());
        for (IndexSnapshot.Version v : s.versions()) {
            IndexedVersion i = v.info();
            out.writeLong(i.serial());
            out.writeBoolean(i.previousSerial() != null);
            if (i.previousSerial() != null) {
                out.writeLong(i.previousSerial());
            }
            instant(out, i.committedAt());
            instant(out, i.capturedAt());
            str(out, i.publisher());
            str(out, i.source());
            out.writeBoolean(i.imported());
            out.writeLong(i.recordCount());
            out.writeLong(i.removedCount());
            out.writeLong(i.addedCount());
            bytes(out, i.contentDigest());
            str(out, i.zonemd());
            out.writeInt(i.partition());
            out.writeLong(i.offset());
            out.writeLong(v.delta().fromSerial());
            out.writeLong(v.delta().toSerial());
            records(out, v.delta().removed());
            records(out, v.delta().added());
        }
        out.writeInt(s.unauthentic().size());
        for (Unauthentic u : s.unauthentic()) {
            out.writeLong(u.serial());
            out.writeLong(u.offset());
            str(out, u.reason());
            str(out, u.detail());
        }
    }

    private static IndexSnapshot body(DataInputStream in) throws IOException {
        String zone = str(in);
        int n = count(in);
        List<IndexSnapshot.Version> versions = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long serial = in.readLong();
            Long previous = in.readBoolean() ? in.readLong() : null;
            IndexedVersion info = new IndexedVersion(serial, previous, instant(in), instant(in), str(in), str(in),
                    in.readBoolean(), in.readLong(), in.readLong(), in.readLong(), bytes(in), str(in), in.readInt(), in.readLong());
            long from = in.readLong();
            long to = in.readLong();
            versions.add(new IndexSnapshot.Version(info, new ZoneDiff(from, to, records(in), records(in))));
        }
        int failing = count(in);
        List<Unauthentic> unauthentic = new ArrayList<>(failing);
        for (int k = 0; k < failing; k++) {
            unauthentic.add(new Unauthentic(in.readLong(), in.readLong(), str(in), str(in)));
        }
        return new IndexSnapshot(zone, versions, unauthentic);
    }

    private static void records(DataOutputStream out, List<Record> records) throws IOException {
        out.writeInt(records.size());
        for (Record r : records) {
            bytes(out, r.toWire(Section.ANSWER));
        }
    }

    private static List<Record> records(DataInputStream in) throws IOException {
        int n = count(in);
        List<Record> records = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            records.add(Record.fromWire(bytes(in), Section.ANSWER));
        }
        return records;
    }
}
