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

    private Times() {}
}
