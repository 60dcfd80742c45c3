package rootzone.eventlog;

import rootzone.events.RejectReason;
import rootzone.zone.VersionChecks;

/**
 * zone-core's check outcomes in the events' one reason vocabulary (schemas RejectReason, v3): the
 * single place where zone-core, which knows no event schema, meets it.
 */
public final class RejectReasons {

    public static RejectReason of(VersionChecks.Failed failed) {
        return switch (failed) {
            case ZONEMD_MISSING -> RejectReason.ZONEMD_MISSING;
            case ZONEMD_MISMATCH -> RejectReason.ZONEMD_MISMATCH;
            case DNSSEC_MISSING -> RejectReason.DNSSEC_MISSING;
            case DNSSEC_INVALID -> RejectReason.DNSSEC_INVALID;
            case DIGEST_MISMATCH -> RejectReason.DIGEST_MISMATCH;
        };
    }

    private RejectReasons() {}
}
