package rootzone.eventlog;

import rootzone.events.RejectReason;

/**
 * A version does not fit the zone it is applied to, or does not produce what its ZoneVersionCommitted
 * states. {@link #reason()} is the VersionRejected code.
 */
public final class VersionMismatchException extends EventLogException {

    private final VersionApplier.Refusal refusal;

    public VersionMismatchException(RejectReason reason, String detail) {
        super(reason + ": " + detail);
        this.refusal = new VersionApplier.Refusal(reason, detail);
    }

    public RejectReason reason() {
        return refusal.reason();
    }

    /** The refusal a reader reports (VersionRejected code and detail), as for a version failing its policy. */
    public VersionApplier.Refusal refusal() {
        return refusal;
    }
}
