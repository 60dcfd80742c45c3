package rootzone.zone;

import java.security.MessageDigest;
import java.util.List;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Feeds a zone's records to a digest in canonical wire form and order (RFC 4034 §6.2, original TTL),
 * as {@code Record.toWireCanonical()} renders them, but from the canonical RDATA the zone cached when
 * it was built and with each owner rendered once (records come grouped by owner): a node digests
 * every version of a 22k-record zone, and re-rendering the RDATA was most of that cost.
 */
final class CanonicalDigest {

    static void update(MessageDigest md, Zone zone, Predicate<Record> include) {
        List<Record> records = zone.records();
        byte[] fixed = new byte[10]; // type, class, TTL, RDLENGTH
        Name owner = null;
        byte[] ownerWire = null;
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            if (!include.test(r)) {
                continue;
            }
            if (r.getName() != owner) {
                owner = r.getName();
                ownerWire = owner.toWireCanonical();
            }
            byte[] rdata = zone.canonicalRdata(i);
            long ttl = r.getTTL();
            put16(fixed, 0, r.getType());
            put16(fixed, 2, r.getDClass());
            put16(fixed, 4, (int) (ttl >>> 16));
            put16(fixed, 6, (int) ttl);
            put16(fixed, 8, rdata.length);
            md.update(ownerWire);
            md.update(fixed);
            md.update(rdata);
        }
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private CanonicalDigest() {}
}
