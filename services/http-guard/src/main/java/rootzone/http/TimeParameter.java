package rootzone.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A time given as a query parameter, as people type it: an ISO-8601 instant
 * ({@code 2024-05-01T12:00:00Z}) or a date, meaning its start in UTC ({@code 2024-05-01}). One parser
 * for every service's {@code ?at=}, {@code ?from=}, {@code ?to=}, with one error text.
 */
public final class TimeParameter {

    /** @throws IllegalArgumentException naming the parameter, for a 400 */
    public static Instant parse(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + ": a time is needed, e.g. 2024-05-01T12:00:00Z or 2024-05-01");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(name + ": not a time: '" + text + "' (use 2024-05-01T12:00:00Z or 2024-05-01)");
            }
        }
    }

    private TimeParameter() {}
}
