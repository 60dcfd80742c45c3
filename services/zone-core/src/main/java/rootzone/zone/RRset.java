package rootzone.zone;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;

/**
 * An immutable RRset: the records of one owner, type and class, in canonical order with their
 * original TTLs, and the RRSIGs that cover them. For RRSIG itself the set has no signatures.
 */
public record RRset(Name name, int type, int dclass, List<Record> records, List<RRSIGRecord> signatures) {

    public RRset {
        records = List.copyOf(records);
        signatures = List.copyOf(signatures);
    }

    /** The TTL the set is served with: the smallest of its records (RFC 2181 §5.2). */
    public long ttl() {
        long ttl = Long.MAX_VALUE;
        for (Record r : records) {
            ttl = Math.min(ttl, r.getTTL());
        }
        return ttl;
    }

    public Record first() {
        return records.get(0);
    }
}
