package rootzone.coordination.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rootzone.coordination.model.notice.Notice;
import rootzone.coordination.model.notice.NoticeLifecycle;
import rootzone.events.NoticeEvent;

/**
 * Every infrastructure change of the zone history matched with the notice that announced it, and the
 * lead time that notice gave before the serial that carried the change was captured.
 *
 * <p>A notice covers a change from the first step after which it names it (its announcement, or a
 * later amendment) until it is withdrawn; a notice withdrawn before the change does not count. When
 * several notices cover a change, one whose TOOK_EFFECT names this serial is preferred, then the one
 * that gave the most lead time.
 */
public record ComplianceReport(Duration minimumLeadTime, List<Finding> findings) {

    public ComplianceReport {
        findings = List.copyOf(findings);
    }

    /**
     * @param history the changes per version, oldest first (VersionChanges.scan)
     * @param notices every NoticeEvent in log order, already signature-checked
     * @param minimumLeadTime how long before the change a notice must have been given
     * @throws rootzone.coordination.model.notice.InvalidTransitionException when the notice steps are not a valid lifecycle
     */
    public static ComplianceReport compute(List<VersionChanges> history, List<NoticeEvent> notices, Duration minimumLeadTime) {
        if (minimumLeadTime.isNegative()) {
            throw new IllegalArgumentException("minimum lead time must not be negative: " + minimumLeadTime);
        }
        Map<String, List<NoticeEvent>> byNotice = new LinkedHashMap<>();
        for (NoticeEvent e : notices) {
            byNotice.computeIfAbsent(e.getNoticeId(), k -> new ArrayList<>()).add(e);
        }
        List<Finding> findings = new ArrayList<>();
        for (VersionChanges version : history) {
            for (InfrastructureChange change : version.changes()) {
                findings.add(judge(version, change, byNotice, minimumLeadTime));
            }
        }
        return new ComplianceReport(minimumLeadTime, findings);
    }

    private record Candidate(Notice notice, Instant since, boolean serialNamed) {}

    private static Finding judge(VersionChanges version, InfrastructureChange change,
            Map<String, List<NoticeEvent>> byNotice, Duration minimum) {
        List<Candidate> candidates = new ArrayList<>();
        for (List<NoticeEvent> steps : byNotice.values()) {
            Candidate c = coverage(steps, change, version);
            if (c != null) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            return new Finding(version.serial(), version.capturedAt(), change, Finding.Status.NO_NOTICE, null, null, null, null);
        }
        Candidate best = candidates.stream()
                .min(Comparator.comparing((Candidate c) -> !c.serialNamed()).thenComparing(Candidate::since))
                .orElseThrow();
        Duration lead = Duration.between(best.since(), version.capturedAt());
        Finding.Status status = lead.compareTo(minimum) >= 0 ? Finding.Status.NOTICED : Finding.Status.TOO_LATE;
        return new Finding(version.serial(), version.capturedAt(), change, status, best.notice().noticeId(),
                best.notice().title(), best.since(), lead);
    }

    /** When the notice started covering the change, or null when it never did (or was withdrawn first). */
    private static Candidate coverage(List<NoticeEvent> steps, InfrastructureChange change, VersionChanges version) {
        Notice state = null;
        Instant since = null;
        for (NoticeEvent step : steps) {
            state = NoticeLifecycle.apply(state, step);
            Instant at = step.getEnvelope().getProducedAt();
            if (state.status() == Notice.Status.WITHDRAWN) {
                if (!at.isAfter(version.capturedAt())) {
                    return null;
                }
            } else if (NoticeMatcher.covers(state, change)) {
                since = since == null ? at : since;
            } else if (!at.isAfter(version.capturedAt())) {
                since = null; // amended so that it no longer names this change before it happened
            }
        }
        if (since == null) {
            return null;
        }
        Long serial = state.serial();
        return new Candidate(state, since, serial != null && serial == version.serial());
    }

    public long count(Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    public boolean allGreen() {
        return findings.stream().allMatch(Finding::isGreen);
    }
}
