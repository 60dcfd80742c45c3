package rootzone.zone;

import java.security.MessageDigest;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Feeds a zone's records to digests in canonical wire form and order (RFC 4034 §6.2, original TTL),
 * as {@code Record.toWireCanonical()} renders them, but from the canonical RDATA the zone cached when
 * it was built and with each owner rendered once (records come grouped by owner): a node digests
 * every version of a 22k-record zone, and re-rendering the RDATA was most of that cost. The bytes go
 * to the digests in large blocks (one {@code update} per record field cost more than the hash), and
 * one walk can feed two digests: every record to one, the records a filter keeps to the other.
 */
final class CanonicalDigest {

    private static final int BLOCK = 1 << 16;

    /** Feeds the records {@code include} keeps to {@code md}. */
    static void update(MessageDigest md, Zone zone, Predicate<Record> include) {
        update(null, md, zone, include);
    }

    /**
     * Feeds every record to {@code all} (null: none) and the records {@code include} keeps to
     * {@code kept}, in one walk over the zone.
     */
    static void update(MessageDigest all, MessageDigest kept, Zone zone, Predicate<Record> include) {
        Feeder feeder = new Feeder(all, kept);
        for (Zone.Block b : zone.blocks()) {
            for (int i = 0; i < b.records.length; i++) {
                Record r = b.records[i];
                boolean keep = include.test(r);
                if (keep || all != null) {
                    feeder.feed(r, b.rdata[i], keep);
                }
            }
        }
        feeder.finish();
    }

    /** Feeds one block's records, all of them, to {@code md} (ContentRoot's block digest). */
    static void update(MessageDigest md, Zone.Block block) {
        Feeder feeder = new Feeder(null, md);
        for (int i = 0; i < block.records.length; i++) {
            feeder.feed(block.records[i], block.rdata[i], true);
        }
        feeder.finish();
    }

    /** Renders records into a shared buffer, flushing it to the digests in large blocks. */
    private static final class Feeder {
        private final MessageDigest all;
        private final MessageDigest kept;
        private final byte[] block = new byte[BLOCK];
        private int used;
        private Name owner;
        private byte[] ownerWire;

        Feeder(MessageDigest all, MessageDigest kept) {
            this.all = all;
            this.kept = kept;
        }

        void feed(Record r, byte[] rdata, boolean keep) {
            // Records of one owner often hold equal but distinct Name objects (one per parsed line).
            if (r.getName() != owner && !r.getName().equals(owner)) {
                owner = r.getName();
                ownerWire = owner.toWireCanonical();
            }
            int length = ownerWire.length + 10 + rdata.length;
            if (!keep || used + length > block.length) {
                // A record only one digest takes ends the block both share.
                flush(all, kept, block, used);
                used = 0;
            }
            byte[] into = length <= block.length ? block : new byte[length];
            int at = keep ? used : 0;
            System.arraycopy(ownerWire, 0, into, at, ownerWire.length);
            at += ownerWire.length;
            long ttl = r.getTTL();
            at = put16(into, at, r.getType());
            at = put16(into, at, r.getDClass());
            at = put16(into, at, (int) (ttl >>> 16));
            at = put16(into, at, (int) ttl);
            at = put16(into, at, rdata.length);
            System.arraycopy(rdata, 0, into, at, rdata.length);
            if (!keep) {
                all.update(into, 0, length);
            } else if (into != block) {
                flush(all, kept, into, length);
            } else {
                used += length;
            }
        }

        void finish() {
            flush(all, kept, block, used);
            used = 0;
        }
    }

    private static void flush(MessageDigest all, MessageDigest kept, byte[] bytes, int length) {
        if (length == 0) {
            return;
        }
        if (all != null) {
            all.update(bytes, 0, length);
        }
        kept.update(bytes, 0, length);
    }

    private static int put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
        return at + 2;
    }

    private CanonicalDigest() {}
}
