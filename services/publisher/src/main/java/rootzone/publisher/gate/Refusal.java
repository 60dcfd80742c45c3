package rootzone.publisher.gate;

import java.util.Objects;
import rootzone.events.RejectReason;

/** Why a gate refused a version: a reason code and the explanation a maintainer can act on. */
public record Refusal(RejectReason reason, String detail) {

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
