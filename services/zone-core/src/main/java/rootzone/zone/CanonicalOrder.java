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
        int c = a.getName().compareTo(b.getName());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.getType(), b.getType());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.getDClass(), b.getDClass());
        if (c != 0) {
            return c;
        }
        return Arrays.compareUnsigned(a.rdataToWireCanonical(), b.rdataToWireCanonical());
    }

    private CanonicalOrder() {}
}
