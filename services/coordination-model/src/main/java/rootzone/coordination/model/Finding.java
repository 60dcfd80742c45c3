package rootzone.coordination.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The verdict on one infrastructure change.
 *
 * @param noticeId the notice that covers it, null for NO_NOTICE
 * @param noticedAt when that notice first covered it (announcement, or the amendment that added it)
 * @param leadTime capturedAt minus noticedAt; negative when the notice came after the change
 */
public record Finding(
        long serial,
        Instant capturedAt,
        InfrastructureChange change,
        Status status,
        String noticeId,
        String noticeTitle,
        Instant noticedAt,
        Duration leadTime) {

    public enum Status {
        /** Announced at least the minimum lead time before the version that carried it. */
        NOTICED,
        /** Announced, but later than the minimum lead time allows (or only after the fact). */
        TOO_LATE,
        /** No notice covers it. */
        NO_NOTICE
    }

    public boolean isGreen() {
        return status == Status.NOTICED;
    }
}
