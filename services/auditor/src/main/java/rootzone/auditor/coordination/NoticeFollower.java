package rootzone.auditor.coordination;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;
import rootzone.coordination.model.CoordinationState;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.PartitionFollower;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;

/**
 * Reads the coordination topic (read_committed, from offset 0, then as it grows) and keeps the notice
 * steps a compliance report may rely on: each signed by its issuer with the key the operator directory
 * (folded alongside, with the compliance library's rules) held at that point of the log, naming only
 * directory members as parties, a valid lifecycle step, and not a replay of a step already in the log.
 * Anything else is set aside with the reason and its offset; it never counts as notice.
 */
public final class NoticeFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NoticeFollower.class);

    /** An event of the topic that is not taken into account, with why. */
    public record Refused(long offset, String eventType, String reason) {}

    private final Object lock = new Object();
    /** Directory, notice book and replay check, folded with the same rules as the coordination service. */
    private final CoordinationState state;
    private final List<NoticeEvent> notices = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();
    private long position;
    private PartitionFollower follower;

    /** @param anchor the maintainers the directory starts from, as configured for the coordination service */
    public NoticeFollower(TrustAnchor anchor) {
        this.state = new CoordinationState(anchor);
    }

    /** Follows the coordination topic from offset 0 (event-log PartitionFollower). */
    public NoticeFollower start(KafkaConnection kafka) {
        follower = PartitionFollower.start(kafka, Topics.COORDINATION, 0, "auditor-notices", this::apply);
        return this;
    }

    /** Checks one event of the log and applies it; a refused event changes nothing. */
    void apply(LogEvent read) {
        long offset = read.offset();
        synchronized (lock) {
            String type = read.typeName();
            try {
                SpecificRecord event = read.require(SpecificRecord.class);
                if (!(event instanceof OperatorChanged) && !(event instanceof NoticeEvent)) {
                    throw new IllegalArgumentException("not a coordination event");
                }
                state.apply(event);
                if (event instanceof NoticeEvent notice) {
                    notices.add(notice);
                }
            } catch (RuntimeException e) {
                refused.add(new Refused(offset, type, e.getMessage() != null ? e.getMessage() : e.toString()));
                LOG.warnf("coordination topic offset %d (%s) not taken into account: %s", offset, type, e.getMessage());
            }
            position = offset + 1;
        }
    }

    /** The accepted notice steps, in log order. */
    public List<NoticeEvent> notices() {
        synchronized (lock) {
            return List.copyOf(notices);
        }
    }

    /** The notices folded from the accepted steps: state, acknowledgements, timeline (immutable). */
    public rootzone.coordination.model.notice.NoticeBook book() {
        synchronized (lock) {
            return state.notices();
        }
    }

    public List<Refused> refused() {
        synchronized (lock) {
            return List.copyOf(refused);
        }
    }

    /** The next offset of the coordination topic to read. */
    public long position() {
        synchronized (lock) {
            return position;
        }
    }

    public String error() {
        return follower == null ? null : follower.error();
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }
}
