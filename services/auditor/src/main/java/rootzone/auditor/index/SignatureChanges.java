package rootzone.auditor.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneDiff;

/**
 * Hides the changes every re-signing makes, to show what an editor changed: RRSIG, NSEC and NSEC3
 * (the denial chain follows the names), ZONEMD, and an SOA whose only change is its serial.
 */
public final class SignatureChanges {

    private static final Set<Integer> SIGNING_TYPES = Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.ZONEMD);

    public static ZoneDiff hide(ZoneDiff diff) {
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        for (Record r : diff.removed()) {
            if (!SIGNING_TYPES.contains(r.getType()) && !serialOnly(r, diff.added())) {
                removed.add(r);
            }
        }
        for (Record a : diff.added()) {
            if (!SIGNING_TYPES.contains(a.getType()) && !serialOnly(a, diff.removed())) {
                added.add(a);
            }
        }
        return new ZoneDiff(diff.fromSerial(), diff.toSerial(), removed, added);
    }

    /** An SOA on the other side at the same owner that differs only in its serial. */
    private static boolean serialOnly(Record r, List<Record> otherSide) {
        if (!(r instanceof SOARecord soa)) {
            return false;
        }
        for (Record o : otherSide) {
            if (o instanceof SOARecord other && other.getName().equals(soa.getName()) && other.getTTL() == soa.getTTL()
                    && other.getHost().equals(soa.getHost()) && other.getAdmin().equals(soa.getAdmin())
                    && other.getRefresh() == soa.getRefresh() && other.getRetry() == soa.getRetry()
                    && other.getExpire() == soa.getExpire() && other.getMinimum() == soa.getMinimum()) {
                return true;
            }
        }
        return false;
    }

    private SignatureChanges() {}
}
