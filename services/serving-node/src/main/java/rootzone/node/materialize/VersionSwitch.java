package rootzone.node.materialize;

import java.time.Instant;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The node switched what it serves.
 *
 * @param previous the version served before, or null for the first one
 * @param diff from {@code previous} to {@code served} (an IXFR journal entry), or null for the first
 *     version; it spans any rejected versions in between
 * @param versionsOffset offset of the served version's ZoneVersionCommitted
 */
public record VersionSwitch(Zone previous, Zone served, ZoneDiff diff, long versionsOffset, byte[] digest,
                            Instant appliedAt, long applyNanos) {

    public VersionSwitch {
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public long serial() {
        return served.serial();
    }
}
