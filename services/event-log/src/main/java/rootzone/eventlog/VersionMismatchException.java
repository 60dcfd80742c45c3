package rootzone.eventlog;

/**
 * A version does not fit the zone it is applied to, or does not produce what its ZoneVersionCommitted
 * states. {@link #reason()} is a machine-readable code fit for VersionRejected.reason.
 */
public final class VersionMismatchException extends EventLogException {

    private final String reason;

    public VersionMismatchException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
