package rootzone.publisher.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import rootzone.zone.Zone;
import rootzone.zone.ZoneProblem;
import rootzone.zone.ZoneValidator;

/** The zone-core structural checks (apex SOA and NS, nothing out of zone, glue, ...): any problem refuses. */
public final class StructureGate implements ContentGate {

    /** Enough problems to act on without a multi-megabyte event for a wholly broken file. */
    private static final int MAX_LISTED = 10;

    @Override
    public Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now) {
        List<ZoneProblem> problems = ZoneValidator.validate(zone);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(RejectReason.INVALID_ZONE, summarize(problems)));
    }

    static String summarize(List<ZoneProblem> problems) {
        String listed = problems.stream().limit(MAX_LISTED).map(ZoneProblem::toString).collect(Collectors.joining("; "));
        return problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": " + listed
                + (problems.size() > MAX_LISTED ? "; ..." : "");
    }
}
