package rootzone.coordination.model.notice;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rootzone.events.NoticeKind;

/**
 * The state of one notice after a run of lifecycle steps: what it currently announces, who has
 * acknowledged the current revision, and its readable timeline. Immutable; NoticeLifecycle makes the
 * next state.
 *
 * @param revision 0 for the announcement, +1 for every amendment; acknowledgements are of a revision
 * @param acknowledgements party to the time it acknowledged the current revision
 * @param serial the zone serial in which the change appeared, once it took effect (zone changes only)
 */
public record Notice(
        String noticeId,
        String issuer,
        NoticeKind kind,
        String title,
        String description,
        Instant effectiveAt,
        Map<String, String> changes,
        List<String> parties,
        Status status,
        Instant announcedAt,
        Instant updatedAt,
        int revision,
        Map<String, Instant> acknowledgements,
        Long serial,
        List<Step> timeline) {

    public enum Status { PENDING, WITHDRAWN, TOOK_EFFECT }

    /** One line of the timeline. */
    public record Step(Instant at, String action, String issuer, int revision, String summary) {}

    public Notice {
        changes = Map.copyOf(changes);
        parties = List.copyOf(parties);
        acknowledgements = Map.copyOf(acknowledgements);
        timeline = List.copyOf(timeline);
    }

    /** Parties expected to acknowledge that have not acknowledged the current revision. */
    public Set<String> awaitingAcknowledgement() {
        return parties.stream().filter(p -> !acknowledgements.containsKey(p))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    public boolean isPending() {
        return status == Status.PENDING;
    }
}
