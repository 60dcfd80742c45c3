package rootzone.zone;

import java.util.Arrays;
import java.util.Comparator;
import org.xbill.DNS.Record;

/**
 * DNSSEC canonical order of records (RFC 4034 §6.1 names, §6.3 RRs): owner name, then type, then class,
 * then the canonical RDATA as unsigned bytes. TTL is not part of the order: records that differ only
 * in TTL are the same record (RFC 2181 §5.2).
 */
public final class CanonicalOrder {

    /** Orders records; recomputes canonical RDATA only for records at the same name and type. */
    public static final Comparator<Record> RECORDS = CanonicalOrder::compare;

    public static int compare(Record a, Record b) {
        int c = compareOwnerTypeClass(a, b);
        return c != 0 ? c : Arrays.compareUnsigned(a.rdataToWireCanonical(), b.rdataToWireCanonical());
    }

    /** The same order from canonical RDATA the caller already has (a zone caches it per record). */
    public static int compare(Record a, byte[] aRdata, Record b, byte[] bRdata) {
        int c = compareOwnerTypeClass(a, b);
        return c != 0 ? c : Arrays.compareUnsigned(aRdata, bRdata);
    }

    private static int compareOwnerTypeClass(Record a, Record b) {
        int c = a.getName().compareTo(b.getName());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.getType(), b.getType());
        return c != 0 ? c : Integer.compare(a.getDClass(), b.getDClass());
    }

    private CanonicalOrder() {}
}
