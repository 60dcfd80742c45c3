package rootzone.cli.coordination;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The issuedAt a signing command puts in what it signs: --at, or now. */
final class IssueTime {

    static Instant of(String at) {
        if (at == null) {
            // Millisecond precision: what the Avro timestamp-millis field keeps, so the signed bytes round-trip.
            return Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        try {
            return Instant.parse(at).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at must be an ISO-8601 instant such as 2024-10-01T00:00:00Z, not '" + at + "'");
        }
    }

    private IssueTime() {}
}
