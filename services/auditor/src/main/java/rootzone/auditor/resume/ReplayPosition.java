package rootzone.auditor.resume;

import java.util.List;
import java.util.Map;
import rootzone.auditor.replay.NodeApplies;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.tlog.AuditedLog;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Forgery;

/**
 * What the event auditor had verified at one point: enough to continue from there instead of offset 0.
 *
 * @param clusterId the Kafka cluster the offsets belong to: another cluster's replay position is not used
 * @param positions per "topic-partition", the next offset to read
 * @param lastVerified the last event whose link held; re-read on restart: a different hash there means
 *     the log was rewritten under the replay position (null when nothing was verified yet)
 * @param tentative chunks read whose version's commit was not read yet
 * @param forgeries forged events found so far (versions and snapshot topics)
 * @param logSizes the size of each transparency log's store when written: a store found smaller on
 *     restart was lost, and the replay position is not used
 * @param unpaired per transparency log, the leaves and events not yet paired
 */
public record ReplayPosition(String clusterId, Map<String, Long> positions, List<ChainVerifier.Tip> tips,
                              ChainBreak firstBreak, long checked, LastVerified lastVerified,
                              Map<Long, List<NodeApplies.Applied>> applies, List<RejectionLog.Rejection> rejections,
                              List<ChainVerifier.Tentative> tentative, List<Forgery> forgeries,
                              Map<String, Long> logSizes, List<AuditedLog.Unpaired> unpaired) {

    /** One event by position and the SHA-256 of its value. */
    public record LastVerified(String topic, int partition, long offset, byte[] hash) {
        public LastVerified {
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }
    }

    public ReplayPosition {
        positions = Map.copyOf(positions);
        tips = List.copyOf(tips);
        applies = Map.copyOf(applies);
        rejections = List.copyOf(rejections);
        tentative = List.copyOf(tentative);
        forgeries = List.copyOf(forgeries);
        logSizes = Map.copyOf(logSizes);
        unpaired = List.copyOf(unpaired);
    }
}
