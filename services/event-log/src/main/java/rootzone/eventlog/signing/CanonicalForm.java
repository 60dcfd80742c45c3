package rootzone.eventlog.signing;

import rootzone.events.AvroBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import rootzone.events.ZoneSnapshotHead;
import rootzone.events.ZoneVersionCommitted;

/**
 * The bytes a publisher signs for a version and for a snapshot head: the one definition, documented
 * byte for byte in docs/security.md ("Publisher signatures: canonical form"). Every field of the event
 * except the envelope (filled by the writer, chained per producer, not the publisher's statement) and
 * the signature itself; the zone comes from the reader's context (the record key), so a signed
 * version of one zone cannot be replayed as another's.
 *
 * <p>A version has two forms. v2 (contract v5) is v1's fields under the context
 * {@code rootzone ZoneVersionCommitted v2}, then the content root. Which form a commit is read under
 * is decided by the commit alone, and the form's version is inside the signed bytes: a commit that
 * carries a content root is verified under v2 only, one without under v1 only. So stripping the
 * content root from a v2-signed commit, or adding one to a v1-signed commit, leaves a signature over
 * other bytes, which does not verify; a publisher signs v2 only ({@link PublisherSigner}), so every
 * v1 signature is of a version written before v5, whose replay the serial chain refuses.
 *
 * <p>Encoding: a context string ending in 0x00, then the fields in schema order: string = u32
 * big-endian byte length + UTF-8; bytes = u32 length + bytes; long = 8 bytes big-endian; int = 4;
 * boolean = 1 byte 0/1; timestamp = long milliseconds since the epoch; optional = 0x00 when absent,
 * else 0x01 and the value; array = u32 count then each element.
 */
public final class CanonicalForm {

    static final String VERSION_CONTEXT_V1 = "rootzone ZoneVersionCommitted v1";
    static final String VERSION_CONTEXT_V2 = "rootzone ZoneVersionCommitted v2";
    static final String SNAPSHOT_CONTEXT = "rootzone ZoneSnapshotHead v1";

    /** The form a commit is signed and verified under: v2 when it carries a content root, else v1. */
    public static int versionForm(ZoneVersionCommitted c) {
        return c.getContentRoot() != null ? 2 : 1;
    }

    /**
     * The canonical form of a version of {@code zone} (lowercase, "." for the root), in the form the
     * commit calls for ({@link #versionForm}).
     */
    public static byte[] of(String zone, ZoneVersionCommitted c) {
        boolean v2 = versionForm(c) == 2;
        Out o = new Out(v2 ? VERSION_CONTEXT_V2 : VERSION_CONTEXT_V1);
        o.string(zone);
        o.string(c.getSignedBy());
        o.int64(c.getSerial());
        o.optionalInt64(c.getPreviousSerial());
        o.bytes(c.getContentDigest());
        o.optionalString(c.getZonemd());
        o.int64(c.getRecordCount());
        o.int64(c.getRemovedCount());
        o.int64(c.getAddedCount());
        o.int32(c.getChunkCount());
        o.string(c.getPublisher());
        o.string(c.getSource());
        o.time(c.getCapturedAt());
        o.bool(c.getImported());
        o.optionalString(c.getBlastRadiusOverride());
        o.bool(c.getSnapshot());
        o.optionalString(c.getRequestKey());
        o.optionalBytes(c.getRequestSignature());
        List<? extends CharSequence> relaxations = c.getRelaxations() == null ? List.of() : c.getRelaxations();
        o.int32(relaxations.size());
        relaxations.forEach(o::string);
        if (v2) {
            o.bytes(c.getContentRoot());
        }
        return o.done();
    }

    /** The canonical form of a snapshot head of {@code zone}. */
    public static byte[] of(String zone, ZoneSnapshotHead h) {
        Out o = new Out(SNAPSHOT_CONTEXT);
        o.string(zone);
        o.string(h.getSignedBy());
        o.int64(h.getSerial());
        o.int32(h.getChunkCount());
        o.int64(h.getRecordCount());
        o.bytes(h.getContentDigest());
        o.int64(h.getVersionsOffset());
        return o.done();
    }

    private static final class Out {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Out(String context) {
            out.writeBytes(context.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }

        void string(CharSequence s) {
            if (s == null) {
                throw new IllegalArgumentException("a required text field is missing");
            }
            raw(s.toString().getBytes(StandardCharsets.UTF_8));
        }

        void optionalString(CharSequence s) {
            if (present(s != null)) {
                string(s);
            }
        }

        void bytes(ByteBuffer b) {
            if (b == null) {
                throw new IllegalArgumentException("a required bytes field is missing");
            }
            raw(AvroBytes.toArray(b));
        }

        void optionalBytes(ByteBuffer b) {
            if (present(b != null)) {
                bytes(b);
            }
        }

        void int64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
        }

        void optionalInt64(Long v) {
            if (present(v != null)) {
                int64(v);
            }
        }

        void int32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
        }

        void bool(boolean v) {
            out.write(v ? 1 : 0);
        }

        void time(Instant t) {
            int64(t.toEpochMilli());
        }

        private boolean present(boolean present) {
            out.write(present ? 1 : 0);
            return present;
        }

        private void raw(byte[] a) {
            int32(a.length);
            out.writeBytes(a);
        }

        byte[] done() {
            return out.toByteArray();
        }
    }

    private CanonicalForm() {}
}
