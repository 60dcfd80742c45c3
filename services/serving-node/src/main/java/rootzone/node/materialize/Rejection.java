package rootzone.node.materialize;

import java.util.Objects;

/**
 * Why a node refuses to serve a version: a machine-readable code (VersionRejected.reason, e.g.
 * DIGEST_MISMATCH, ZONEMD_MISMATCH, DNSSEC_BAD_SIGNATURE) and the human-readable detail.
 */
public record Rejection(String reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
