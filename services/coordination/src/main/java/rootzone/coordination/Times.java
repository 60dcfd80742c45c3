package rootzone.coordination;

import java.time.Instant;
import java.time.format.DateTimeParseException;

final class Times {

    static Instant parse(String value, String what) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be an ISO-8601 instant such as 2024-01-01T00:00:00Z, not '" + value + "'");
        }
    }

    /**
     * ?at= on a POST dated a step with an unsigned time before schema v2; the time of a step is now its
     * signed issuedAt (used as the log time in import mode), so the parameter is refused, not ignored.
     */
    static void refuseUnsignedDate(String at) {
        if (at != null) {
            throw new IllegalArgumentException("?at= is no longer accepted: the step's time is its signed issuedAt "
                    + "(a service in import mode dates the step with it)");
        }
    }

    private Times() {}
}
