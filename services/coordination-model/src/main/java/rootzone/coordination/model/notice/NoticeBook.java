package rootzone.coordination.model.notice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import rootzone.events.NoticeEvent;

/**
 * Every notice, folded from its steps in log order. Immutable: {@link #with} returns the next book and
 * leaves this one unchanged, so a refused step changes nothing.
 */
public final class NoticeBook {

    private final Map<String, Notice> notices;
    private final Map<String, List<NoticeEvent>> steps;

    private NoticeBook(Map<String, Notice> notices, Map<String, List<NoticeEvent>> steps) {
        this.notices = notices;
        this.steps = steps;
    }

    public static NoticeBook empty() {
        return new NoticeBook(Map.of(), Map.of());
    }

    /** @throws InvalidTransitionException when the step is not allowed */
    public NoticeBook with(NoticeEvent step) {
        Notice next = NoticeLifecycle.apply(notices.get(step.getNoticeId()), step);
        Map<String, Notice> n = new LinkedHashMap<>(notices);
        n.put(next.noticeId(), next);
        Map<String, List<NoticeEvent>> s = new LinkedHashMap<>(steps);
        List<NoticeEvent> list = new ArrayList<>(steps.getOrDefault(step.getNoticeId(), List.of()));
        list.add(step);
        s.put(next.noticeId(), Collections.unmodifiableList(list));
        return new NoticeBook(Collections.unmodifiableMap(n), Collections.unmodifiableMap(s));
    }

    public static NoticeBook of(Collection<NoticeEvent> stepsInLogOrder) {
        NoticeBook book = empty();
        for (NoticeEvent e : stepsInLogOrder) {
            book = book.with(e);
        }
        return book;
    }

    public Notice get(String noticeId) {
        return notices.get(noticeId);
    }

    /** The signed steps of a notice in log order; empty when it does not exist. */
    public List<NoticeEvent> steps(String noticeId) {
        return steps.getOrDefault(noticeId, List.of());
    }

    /** Every notice in announcement order. */
    public List<Notice> all() {
        return List.copyOf(notices.values());
    }

    /** Pending notices each party has not acknowledged yet: party id to notice ids, parties sorted. */
    public Map<String, List<String>> awaitingByParty() {
        Map<String, TreeSet<String>> byParty = new TreeMap<>();
        for (Notice n : notices.values()) {
            if (n.isPending()) {
                for (String p : n.awaitingAcknowledgement()) {
                    byParty.computeIfAbsent(p, k -> new TreeSet<>()).add(n.noticeId());
                }
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        byParty.forEach((p, ids) -> out.put(p, List.copyOf(ids)));
        return Collections.unmodifiableMap(out);
    }

    public int size() {
        return notices.size();
    }
}
