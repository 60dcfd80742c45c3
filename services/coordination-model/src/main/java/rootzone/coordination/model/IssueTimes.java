package rootzone.coordination.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;

/**
 * The signed issue times (issuedAt, schema v2) of coordination events, held against the log. A step
 * is issued when its issuer signs it and accepted when the log appends it: the two must lie within
 * {@link #MAX_SKEW} (in import mode the service dates the log with the signed issuedAt itself), and
 * the steps of a notice, like the states of a directory entry, must be issued in order. So a re-sent
 * old step is refused although its signature is good, and a new step that repeats what an old one
 * said is a new event (another issuedAt, hence another signature), not a replay.
 *
 * <p>Events without issuedAt were written before v2: they are held to the log time only, as then.
 * Not thread-safe: CoordinationState guards it.
 */
public final class IssueTimes {

    /** How far a step's signed issuedAt may be from the time the log accepts it. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Latest issuedAt per notice ("notice:ID") and per directory entry ("operator:ID"). */
    private final Map<String, Instant> latest = new HashMap<>();

    /** @throws IllegalArgumentException saying which rule the event's issuedAt breaks */
    public void check(SpecificRecord event) {
        Instant issued = issuedAt(event);
        if (issued == null) {
            return;
        }
        Instant logged = rootzone.events.EventCodec.envelopeOf(event).getProducedAt();
        Duration skew = Duration.between(logged, issued).abs();
        if (skew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException(describe(event) + ": signed issuedAt " + issued + " is " + skew
                    + " from the time the log accepts it (" + logged + "); at most " + MAX_SKEW
                    + " (a re-sent old step, or the signer's clock is off; backdating is for import mode only)");
        }
        Instant previous = latest.get(subject(event));
        if (previous != null && issued.isBefore(previous)) {
            throw new IllegalArgumentException(describe(event) + ": signed issuedAt " + issued + " is before the "
                    + (event instanceof NoticeEvent ? "notice's latest step" : "entry's current state") + " (issued "
                    + previous + "): a re-sent old step is refused");
        }
    }

    /** Records an applied event's issuedAt. */
    public void record(SpecificRecord event) {
        Instant issued = issuedAt(event);
        if (issued != null) {
            latest.merge(subject(event), issued, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    public static Instant issuedAt(SpecificRecord event) {
        if (event instanceof NoticeEvent n) {
            return n.getIssuedAt();
        }
        if (event instanceof OperatorChanged o) {
            return o.getIssuedAt();
        }
        throw new IllegalArgumentException("not a coordination event: " + event.getClass().getSimpleName());
    }

    private static String subject(SpecificRecord event) {
        return event instanceof NoticeEvent n ? "notice:" + n.getNoticeId() : "operator:" + ((OperatorChanged) event).getOperatorId();
    }

    private static String describe(SpecificRecord event) {
        return event instanceof NoticeEvent n ? "notice " + n.getNoticeId() + " " + n.getAction() + " by " + n.getIssuer()
                : "directory entry " + ((OperatorChanged) event).getOperatorId() + " signed by " + ((OperatorChanged) event).getSignerId();
    }
}
