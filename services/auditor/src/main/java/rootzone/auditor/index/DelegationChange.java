package rootzone.auditor.index;

import java.time.Instant;
import java.util.List;

/**
 * The delegations (zone cuts: NS RRsets below the apex; the TLDs of the root) of one version and how
 * they changed from the version before.
 *
 * @param baseline true for the first version of the log: every delegation is in it, none was "added"
 */
public record DelegationChange(long serial, Instant effectiveAt, int count, List<String> added, List<String> removed,
                               boolean baseline) {

    public DelegationChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
