package rootzone.auditor.tlog;

import java.time.Instant;
import java.util.List;

/**
 * One transparency log as the auditor holds it, for the dashboard's trust panel: its latest verified
 * checkpoint, the witnesses that cosigned that very tree, and what the witness policy makes of it.
 *
 * @param treeSize      0 (and rootHash null) before the first checkpoint
 * @param checkpointAt  when the log operator wrote the checkpoint (its LogCheckpoint event), null when
 *                      it was verified before this start (the tiles keep the note, not the event)
 * @param policy        whether the checkpoint meets the witness policy (a signature of the log's key
 *                      and the quorum of cosignatures); policyDetail says why not, or who cosigned
 * @param findingCount  every finding of this log; findings holds the first few
 */
public record LogState(String name, String origin, long treeSize, String rootHash, Instant checkpointAt, List<Cosigner> cosigners,
                       boolean policy, String policyDetail, String halted, int findingCount, List<String> findings) {

    public LogState {
        cosigners = List.copyOf(cosigners);
        findings = List.copyOf(findings);
    }

    /** A witness's cosignature of the checkpoint: its key name and the time it signed (tlog-cosignature timestamp). */
    public record Cosigner(String name, Instant at) {}
}
