package rootzone.eventlog;

import rootzone.events.RejectReason;

/**
 * A version does not fit the zone it is applied to, or does not produce what its ZoneVersionCommitted
 * states. {@link #reason()} is the VersionRejected code.
 */
public final class VersionMismatchException extends EventLogException {

    private final RejectReason reason;

    public VersionMismatchException(RejectReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
