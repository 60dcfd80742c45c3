package rootzone.node.witness;

import java.io.IOException;
import org.jboss.logging.Logger;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.PartitionFollower;
import rootzone.eventlog.tlog.LogReplay;
import rootzone.events.LogCheckpoint;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;
import rootzone.tlog.note.VerifierKey;

/**
 * Feeds a node's witness from the zone logs' topic, from its first offset: every LogCheckpoint of
 * the log goes through {@link LogReplay} (the log's signature, entries that lead to the signed root,
 * no fork or gap against the node's own tree) before the witness indexes it. A refused checkpoint is
 * reported and skipped; other logs' checkpoints on the shared topic are ignored.
 */
public final class LogFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogFollower.class);

    private final PartitionFollower follower;

    private LogFollower(PartitionFollower follower) {
        this.follower = follower;
    }

    public static LogFollower start(KafkaConnection kafka, VerifierKey logKey, NodeWitness witness) {
        LogReplay replay = new LogReplay(witness.tree(), logKey);
        return new LogFollower(PartitionFollower.start(kafka, Topics.LOG_CHECKPOINTS, 0, "witness",
                new PartitionFollower.Listener() {
                    @Override
                    public void event(LogEvent event) {
                        long offset = event.offset();
                        LogReplay.Step step;
                        try {
                            step = replay.apply(offset, event.require(LogCheckpoint.class));
                        } catch (RuntimeException e) {
                            step = new LogReplay.Step.Refused(offset, "undecodable LogCheckpoint: " + e.getMessage());
                        }
                        if (step instanceof LogReplay.Step.Appended a) {
                            try {
                                witness.appended(a.note());
                            } catch (IOException | RuntimeException e) {
                                witness.replayRefused("offset " + offset + ": " + e.getMessage());
                            }
                        } else if (step instanceof LogReplay.Step.Refused r) {
                            witness.replayRefused("offset " + r.offset() + ": " + r.reason());
                        }
                    }

                    @Override
                    public void polled(PartitionFollower.Progress progress) {
                        if (progress.caughtUp()) {
                            witness.idle();
                        }
                    }
                }));
    }

    @Override
    public void close() {
        follower.close();
        LOG.debugf("witness follower stopped at offset %d", follower.position());
    }
}
