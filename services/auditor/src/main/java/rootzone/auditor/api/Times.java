package rootzone.auditor.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times as users give them: an ISO-8601 instant, or a date (its start, UTC). */
final class Times {

    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a time is needed, e.g. 2024-05-01T12:00:00Z or 2024-05-01");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not a time: '" + text + "' (use 2024-05-01T12:00:00Z or 2024-05-01)");
            }
        }
    }

    private Times() {}
}
