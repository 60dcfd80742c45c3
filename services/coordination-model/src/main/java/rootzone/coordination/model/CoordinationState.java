package rootzone.coordination.model;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import rootzone.coordination.model.directory.OperatorDirectory;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.coordination.model.notice.NoticeBook;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.coordination.model.sign.SignatureException;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;

/**
 * The directory and the notices as folded from the coordination topic. The same check runs before an
 * event is written and again when it is read back: the log is the authority, so an event refused on
 * read (e.g. written by another instance from a stale view) does not change the state.
 *
 * One fold serves both sides: the coordination service (before writing and on read-back) and the
 * auditor (reading the topic for the compliance report).
 *
 * <p>Not thread-safe: callers guard it.
 */
public final class CoordinationState {

    private OperatorDirectory directory;
    private NoticeBook notices = NoticeBook.empty();
    /** Ed25519 signatures are deterministic: a signature seen before is a replayed step. */
    private final Set<ByteBuffer> signatures = new HashSet<>();
    /** Signed issue times: within reach of the log time and in order per notice and per entry. */
    private final IssueTimes issueTimes = new IssueTimes();

    /** @param anchor the configured maintainers the directory starts from (TrustAnchor) */
    public CoordinationState(TrustAnchor anchor) {
        this.directory = OperatorDirectory.anchoredAt(anchor);
    }

    public OperatorDirectory directory() {
        return directory;
    }

    public NoticeBook notices() {
        return notices;
    }

    /**
     * Checks an event against the current state without changing it.
     *
     * @throws IllegalArgumentException malformed or not allowed
     * @throws SignatureException not signed by a key allowed to sign it
     * @throws rootzone.coordination.model.notice.InvalidTransitionException not allowed in the notice's state
     */
    public void check(SpecificRecord event) {
        next(event);
    }

    /** Checks and applies; on any exception the state is unchanged. */
    public void apply(SpecificRecord event) {
        Object next = next(event);
        if (next instanceof OperatorDirectory d) {
            directory = d;
        } else {
            notices = (NoticeBook) next;
        }
        signatures.add(signature(event));
        issueTimes.record(event);
    }

    private Object next(SpecificRecord event) {
        if (!(event instanceof OperatorChanged) && !(event instanceof NoticeEvent)) {
            throw new IllegalArgumentException("not a coordination event: " + event.getClass().getSimpleName());
        }
        if (signatures.contains(signature(event))) {
            throw new SignatureException("replayed step: this exact signed event is already in the log");
        }
        issueTimes.check(event);
        if (event instanceof OperatorChanged op) {
            return directory.with(op);
        }
        NoticeEvent notice = (NoticeEvent) event;
        PublicKey key = directory.signingKey(notice.getIssuer()).orElseThrow(() -> new SignatureException(
                "notice " + notice.getNoticeId() + ": issuer " + notice.getIssuer() + " is not in the operator directory"));
        EventSignatures.verify(notice, key);
        if (notice.getAction() == NoticeAction.ANNOUNCED || notice.getAction() == NoticeAction.AMENDED) {
            for (String party : notice.getParties()) {
                if (!directory.isMember(party)) {
                    throw new IllegalArgumentException("notice " + notice.getNoticeId() + ": party " + party
                            + " is not in the operator directory");
                }
            }
        }
        return notices.with(notice);
    }

    private static ByteBuffer signature(SpecificRecord event) {
        ByteBuffer sig = (ByteBuffer) event.get(event.getSchema().getField("signature").pos());
        return sig.duplicate();
    }
}
