package rootzone.auditor.index;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One delegation over the whole history: its NS and DS records at the cut and the addresses (glue)
 * of its name servers that the zone holds, wherever they are in the zone (com.'s servers are under
 * net.), as first seen and then every version that changed one of them.
 *
 * @param current the delegation's records in the latest version, presentation form; empty when it is not delegated now
 */
public record DelegationTimeline(String name, List<String> current, List<Step> changes) {

    /** The records of the delegation that one version removed and added; kinds among BASELINE, TLD_ADDED, TLD_REMOVED, NS, GLUE, DS. */
    public record Step(long serial, Instant effectiveAt, Set<ChangeKind> kinds, List<String> removed, List<String> added) {

        public Step {
            kinds = Set.copyOf(kinds);
            removed = List.copyOf(removed);
            added = List.copyOf(added);
        }
    }

    public DelegationTimeline {
        current = List.copyOf(current);
        changes = List.copyOf(changes);
    }
}
