package rootzone.publisher.publish;

import java.time.Instant;
import java.util.Objects;

/**
 * Who submits a version, how, and when it arrived.
 *
 * @param source http, drop-directory or xfr (recorded in the event)
 * @param requester the identity behind the request, verified or trusted by configuration
 * @param blastRadiusOverride the reason given to override the blast-radius gate, or null
 * @param receivedAt when the version was received (capturedAt in the event)
 */
public record PublishRequest(String source, Requester requester, String blastRadiusOverride, Instant receivedAt) {

    public PublishRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (blastRadiusOverride != null && blastRadiusOverride.isBlank()) {
            throw new IllegalArgumentException("a blast-radius override needs a reason");
        }
    }

    /** From an input configured on the publisher host (drop directory, zone transfer, tests). */
    public static PublishRequest configured(String source, String input, Instant receivedAt) {
        return new PublishRequest(source, new Requester.Configured(input), null, receivedAt);
    }

    public String requestedBy() {
        return requester.identity();
    }
}
