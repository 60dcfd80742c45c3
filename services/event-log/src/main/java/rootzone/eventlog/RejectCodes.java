package rootzone.eventlog;

import rootzone.events.RejectReason;

/**
 * VersionRejected.code for a reason name: the shared vocabulary's symbol, OTHER for a finer reason
 * it does not have. Always set explicitly: Avro's default enum value is built by a class loader that
 * is not the application's in Quarkus test and dev mode (a ClassCastException in the builder).
 */
public final class RejectCodes {

    public static RejectReason of(String reason) {
        try {
            return RejectReason.valueOf(reason);
        } catch (IllegalArgumentException | NullPointerException finer) {
            return RejectReason.OTHER;
        }
    }

    private RejectCodes() {}
}
