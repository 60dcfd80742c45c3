package rootzone.coordination.model.notice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.Type;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;

/**
 * The notice state machine. From nothing only ANNOUNCED; from PENDING: AMENDED, WITHDRAWN and
 * TOOK_EFFECT by the issuer, ACKNOWLEDGED by a listed party; WITHDRAWN and TOOK_EFFECT are final.
 *
 * <p>An amendment changes what the parties were told, so it clears the acknowledgements: each party
 * acknowledges the revision it actually read. A step may not be dated before the step it follows.
 * Signatures and whether parties exist in the directory are checked by the caller (the directory is
 * not part of a notice's state).
 */
public final class NoticeLifecycle {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Changes to the zone itself: these name the serial that carried them when they take effect. */
    public static boolean isZoneChange(NoticeKind kind) {
        return kind == NoticeKind.KEY_ROLLOVER || kind == NoticeKind.SERVER_ADDRESS_CHANGE
                || kind == NoticeKind.RECORD_TYPE_CHANGE;
    }

    /**
     * The state after one step.
     *
     * @param current the state so far, null when the notice does not exist yet
     * @throws InvalidTransitionException with a message saying what is wrong
     */
    public static Notice apply(Notice current, NoticeEvent e) {
        String id = e.getNoticeId();
        NoticeAction action = e.getAction();
        Instant at = e.getEnvelope().getProducedAt();
        if (current == null) {
            if (action != NoticeAction.ANNOUNCED) {
                throw new InvalidTransitionException("notice " + id + " does not exist: it must be announced before it can be " + past(action));
            }
            return announce(e, at);
        }
        if (action == NoticeAction.ANNOUNCED) {
            throw new InvalidTransitionException("notice " + id + " was already announced at " + current.announcedAt());
        }
        if (!current.isPending()) {
            throw new InvalidTransitionException("notice " + id + " is " + current.status().name().toLowerCase().replace('_', ' ')
                    + " (final): it cannot be " + past(action));
        }
        if (at.isBefore(current.updatedAt())) {
            throw new InvalidTransitionException("notice " + id + ": step dated " + at + " is before the previous step (" + current.updatedAt() + ")");
        }
        if (e.getSerial() != null && action != NoticeAction.TOOK_EFFECT) {
            throw new InvalidTransitionException("notice " + id + ": only TOOK_EFFECT names a zone serial");
        }
        return switch (action) {
            case AMENDED -> amend(current, e, at);
            case WITHDRAWN -> finish(current, e, at, Notice.Status.WITHDRAWN, null, "withdrawn");
            case ACKNOWLEDGED -> acknowledge(current, e, at);
            case TOOK_EFFECT -> tookEffect(current, e, at);
            case ANNOUNCED -> throw new AssertionError();
        };
    }

    /** Folds a notice's steps in order. */
    public static Notice replay(List<NoticeEvent> steps) {
        Notice n = null;
        for (NoticeEvent e : steps) {
            n = apply(n, e);
        }
        return n;
    }

    private static Notice announce(NoticeEvent e, Instant at) {
        String id = e.getNoticeId();
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidTransitionException("notice id '" + id + "' must be 1-64 of letters, digits, '.', '_', '-', starting with a letter or digit");
        }
        require(e.getKind() != null, id, "an announcement needs a kind");
        require(!blank(e.getTitle()), id, "an announcement needs a title");
        require(e.getEffectiveAt() != null, id, "an announcement needs effectiveAt (when the change takes effect)");
        require(e.getSerial() == null, id, "only TOOK_EFFECT names a zone serial");
        checkParties(id, e.getIssuer(), e.getParties());
        checkChanges(id, e.getKind(), e.getChanges());
        List<Notice.Step> timeline = List.of(new Notice.Step(at, "ANNOUNCED", e.getIssuer(), 0,
                e.getKind() + ": " + e.getTitle() + ", effective " + e.getEffectiveAt() + describe(e.getChanges())
                        + "; to " + String.join(", ", e.getParties())));
        return new Notice(id, e.getIssuer(), e.getKind(), e.getTitle(), e.getDescription(), e.getEffectiveAt(),
                e.getChanges(), e.getParties(), Notice.Status.PENDING, at, at, 0, Map.of(), null, timeline);
    }

    private static Notice amend(Notice n, NoticeEvent e, Instant at) {
        requireIssuer(n, e, "amend");
        require(e.getKind() == null || e.getKind() == n.kind(), n.noticeId(),
                "an amendment cannot change the kind (" + n.kind() + "); withdraw and announce a new notice");
        String title = blank(e.getTitle()) ? n.title() : e.getTitle();
        String description = e.getDescription() == null ? n.description() : e.getDescription();
        Instant effectiveAt = e.getEffectiveAt() == null ? n.effectiveAt() : e.getEffectiveAt();
        Map<String, String> changes = e.getChanges().isEmpty() ? n.changes() : e.getChanges();
        List<String> parties = e.getParties().isEmpty() ? n.parties() : e.getParties();
        boolean same = title.equals(n.title()) && java.util.Objects.equals(description, n.description())
                && effectiveAt.equals(n.effectiveAt()) && changes.equals(n.changes()) && parties.equals(n.parties());
        require(!same, n.noticeId(), "the amendment changes nothing");
        checkParties(n.noticeId(), n.issuer(), parties);
        checkChanges(n.noticeId(), n.kind(), changes);
        int revision = n.revision() + 1;
        StringBuilder what = new StringBuilder();
        if (!title.equals(n.title())) what.append("; title '").append(title).append('\'');
        if (!effectiveAt.equals(n.effectiveAt())) what.append("; effective ").append(n.effectiveAt()).append(" -> ").append(effectiveAt);
        if (!changes.equals(n.changes())) what.append(describe(changes));
        if (!parties.equals(n.parties())) what.append("; to ").append(String.join(", ", parties));
        if (!java.util.Objects.equals(description, n.description())) what.append("; description changed");
        String summary = "revision " + revision + what + (n.acknowledgements().isEmpty() ? "" : "; acknowledgements cleared");
        return new Notice(n.noticeId(), n.issuer(), n.kind(), title, description, effectiveAt, changes, parties,
                Notice.Status.PENDING, n.announcedAt(), at, revision, Map.of(), null,
                append(n.timeline(), new Notice.Step(at, "AMENDED", e.getIssuer(), revision, summary)));
    }

    private static Notice acknowledge(Notice n, NoticeEvent e, Instant at) {
        String party = e.getIssuer();
        require(n.parties().contains(party), n.noticeId(), party + " is not a party of this notice (parties: "
                + String.join(", ", n.parties()) + ")");
        require(!n.acknowledgements().containsKey(party), n.noticeId(),
                party + " already acknowledged revision " + n.revision() + " at " + n.acknowledgements().get(party));
        require(e.getKind() == null && blank(e.getTitle()) && e.getEffectiveAt() == null && e.getChanges().isEmpty()
                && e.getParties().isEmpty(), n.noticeId(), "an acknowledgement carries no notice content");
        Map<String, Instant> acks = new HashMap<>(n.acknowledgements());
        acks.put(party, at);
        return new Notice(n.noticeId(), n.issuer(), n.kind(), n.title(), n.description(), n.effectiveAt(), n.changes(),
                n.parties(), Notice.Status.PENDING, n.announcedAt(), at, n.revision(), acks, null,
                append(n.timeline(), new Notice.Step(at, "ACKNOWLEDGED", party, n.revision(),
                        "revision " + n.revision() + " acknowledged by " + party)));
    }

    private static Notice tookEffect(Notice n, NoticeEvent e, Instant at) {
        if (isZoneChange(n.kind())) {
            require(e.getSerial() != null, n.noticeId(), "a " + n.kind() + " is a zone change: TOOK_EFFECT must name the zone serial that carried it");
            require(e.getSerial() >= 0 && e.getSerial() <= 0xFFFFFFFFL, n.noticeId(), "serial " + e.getSerial() + " is not a 32-bit SOA serial");
        } else {
            require(e.getSerial() == null, n.noticeId(), "a " + n.kind() + " is not a zone change: TOOK_EFFECT names no serial");
        }
        return finish(n, e, at, Notice.Status.TOOK_EFFECT, e.getSerial(),
                "took effect" + (e.getSerial() == null ? "" : " in serial " + e.getSerial()));
    }

    private static Notice finish(Notice n, NoticeEvent e, Instant at, Notice.Status status, Long serial, String summary) {
        requireIssuer(n, e, status == Notice.Status.WITHDRAWN ? "withdraw" : "declare took effect");
        String reason = blank(e.getDescription()) ? "" : ": " + e.getDescription();
        return new Notice(n.noticeId(), n.issuer(), n.kind(), n.title(), n.description(), n.effectiveAt(), n.changes(),
                n.parties(), status, n.announcedAt(), at, n.revision(), n.acknowledgements(), serial,
                append(n.timeline(), new Notice.Step(at, e.getAction().name(), e.getIssuer(), n.revision(), summary + reason)));
    }

    private static void checkParties(String id, String issuer, List<String> parties) {
        require(!parties.isEmpty(), id, "a notice needs at least one party to acknowledge it");
        Set<String> seen = new HashSet<>();
        for (String p : parties) {
            require(!blank(p), id, "a party id is empty");
            require(seen.add(p), id, "party " + p + " is listed twice");
            require(!p.equals(issuer), id, "the issuer " + issuer + " cannot be a party of its own notice");
        }
    }

    /** The facts a zone change must state, so the compliance report can match it to the zone history. */
    private static void checkChanges(String id, NoticeKind kind, Map<String, String> changes) {
        switch (kind) {
            case KEY_ROLLOVER -> {
                String tags = changes.get(NoticeChanges.KEY_TAGS);
                require(tags != null, id, "a KEY_ROLLOVER must list the key tags in changes." + NoticeChanges.KEY_TAGS);
                try {
                    NoticeChanges.keyTags(changes);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidTransitionException("notice " + id + ": " + ex.getMessage());
                }
            }
            case SERVER_ADDRESS_CHANGE -> {
                require(changes.get(NoticeChanges.SERVER) != null, id,
                        "a SERVER_ADDRESS_CHANGE must name the server in changes." + NoticeChanges.SERVER);
                try {
                    NoticeChanges.server(changes);
                    NoticeChanges.addresses(changes, NoticeChanges.NEW_ADDRESSES);
                    NoticeChanges.addresses(changes, NoticeChanges.OLD_ADDRESSES);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidTransitionException("notice " + id + ": " + ex.getMessage());
                }
            }
            case RECORD_TYPE_CHANGE -> {
                String type = changes.get(NoticeChanges.TYPE);
                require(type != null, id, "a RECORD_TYPE_CHANGE must name the type in changes." + NoticeChanges.TYPE);
                require(Type.value(type) >= 0, id, "unknown record type '" + type + "'");
            }
            default -> { }
        }
    }

    private static String describe(Map<String, String> changes) {
        if (changes.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("; changes");
        new java.util.TreeMap<>(changes).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    private static void requireIssuer(Notice n, NoticeEvent e, String verb) {
        require(n.issuer().equals(e.getIssuer()), n.noticeId(),
                "only the issuer " + n.issuer() + " may " + verb + " it, not " + e.getIssuer());
    }

    private static void require(boolean ok, String id, String message) {
        if (!ok) {
            throw new InvalidTransitionException("notice " + id + ": " + message);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String past(NoticeAction action) {
        return switch (action) {
            case ANNOUNCED -> "announced";
            case AMENDED -> "amended";
            case WITHDRAWN -> "withdrawn";
            case ACKNOWLEDGED -> "acknowledged";
            case TOOK_EFFECT -> "declared in effect";
        };
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private NoticeLifecycle() {}
}
