package rootzone.publisher.publish;

import java.time.Instant;
import java.util.Objects;

/**
 * Who submits a version, how, and when it arrived.
 *
 * @param source http, drop-directory or xfr (recorded in the event)
 * @param requestedBy the identity behind the request (recorded in the event)
 * @param blastRadiusOverride the reason given to override the blast-radius gate, or null
 * @param receivedAt when the version was received (capturedAt in the event)
 */
public record PublishRequest(String source, String requestedBy, String blastRadiusOverride, Instant receivedAt) {

    public PublishRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (blastRadiusOverride != null && blastRadiusOverride.isBlank()) {
            throw new IllegalArgumentException("a blast-radius override needs a reason");
        }
    }
}
