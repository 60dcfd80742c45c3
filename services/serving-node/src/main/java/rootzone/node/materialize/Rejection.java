package rootzone.node.materialize;

import java.util.Objects;
import rootzone.events.RejectReason;

/**
 * Why a node refuses to serve a version: its code in the events' one vocabulary (VersionRejected.code,
 * e.g. DIGEST_MISMATCH, ZONEMD_MISMATCH, DNSSEC_INVALID) and the human-readable detail.
 */
public record Rejection(RejectReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
