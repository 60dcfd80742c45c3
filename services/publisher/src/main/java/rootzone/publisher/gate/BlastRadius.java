package rootzone.publisher.gate;

import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * How many of the previous version's delegations a new version removes or changes: a delegation is
 * touched when any record at or below its cut (NS, DS, glue) is removed, added or re-TTLed. New
 * delegations do not count: adding TLDs cannot break existing ones.
 *
 * @param previousDelegations delegations in the previous version
 * @param touched the previous version's delegations that the new one removes or changes
 */
public record BlastRadius(int previousDelegations, Set<Name> touched) {

    public BlastRadius {
        touched = Set.copyOf(touched);
    }

    public static BlastRadius of(Zone previous, Zone next, ZoneDiff diff) {
        Set<Name> touched = new TreeSet<>();
        for (Record r : diff.removed()) {
            previous.delegationFor(r.getName()).ifPresent(touched::add);
        }
        for (Record r : diff.added()) {
            // Attributed through the previous version too: a record added under an existing cut
            // changes that delegation; one under a new cut touches nothing that existed.
            previous.delegationFor(r.getName()).ifPresent(touched::add);
            next.delegationFor(r.getName()).filter(previous.delegations()::contains).ifPresent(touched::add);
        }
        return new BlastRadius(previous.delegations().size(), touched);
    }

    /** The touched share of the previous delegations; 0 when there were none. */
    public double share() {
        return previousDelegations == 0 ? 0 : (double) touched.size() / previousDelegations;
    }

    public String describe() {
        return String.format("%d of %d delegations removed or changed (%.2f %%)", touched.size(),
                previousDelegations, share() * 100);
    }
}
