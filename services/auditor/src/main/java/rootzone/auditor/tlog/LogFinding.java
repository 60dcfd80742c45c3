package rootzone.auditor.tlog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something the transparency-log replay found wrong in one log (docs/auditor.md, "Transparency log").
 * Each names the log, and where in Kafka or in the tree it was found.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LogFinding.BadCheckpoint.class, name = "BAD_CHECKPOINT"),
        @JsonSubTypes.Type(value = LogFinding.Mismatch.class, name = "ENTRIES_DO_NOT_MATCH_CHECKPOINT"),
        @JsonSubTypes.Type(value = LogFinding.Fork.class, name = "FORK"),
        @JsonSubTypes.Type(value = LogFinding.EntryRewritten.class, name = "ENTRY_DOES_NOT_MATCH_EVENT"),
        @JsonSubTypes.Type(value = LogFinding.EventMissing.class, name = "ENTRY_WITHOUT_EVENT"),
        @JsonSubTypes.Type(value = LogFinding.EntryMissing.class, name = "EVENT_WITHOUT_ENTRY"),
        @JsonSubTypes.Type(value = LogFinding.BadCosignature.class, name = "BAD_COSIGNATURE")})
public sealed interface LogFinding {

    String log();

    /**
     * A LogCheckpoint event that cannot be taken: not a signed note, not signed by the log's key, or
     * stating another tree than its note. Nothing was appended.
     */
    record BadCheckpoint(String log, long offset, String why) implements LogFinding {}

    /**
     * The entries replayed do not lead to the signed checkpoint's tree head (TiledLog.appendChecked):
     * an entry under it was rewritten, dropped or added, or a LogCheckpoint event is missing. The log
     * stays at {@code verifiedSize} and its replay halts here.
     */
    record Mismatch(String log, long offset, long verifiedSize, long checkpointSize, long replayedSize, String detail)
            implements LogFinding {}

    /** Two checkpoints signed by the log's key for the same tree size with different roots. */
    record Fork(String log, long offset, long size, String verifiedRoot, String otherRoot) implements LogFinding {}

    /** A leaf that says something else than the event it describes (the first differing line). */
    record EntryRewritten(String log, long index, String eventTopic, long eventOffset, String line, String inEntry,
                          String inEvent) implements LogFinding {}

    /** A leaf for which the replay found no event (a dropped or never written event), once caught up. */
    record EventMissing(String log, long index, String entryKey) implements LogFinding {}

    /** An event of a logged zone for which the log has no leaf (a dropped entry), once caught up. */
    record EntryMissing(String log, String eventTopic, long eventOffset, String eventKey) implements LogFinding {}

    /** A node's cosignature that does not verify with its witness key: ignored, not served. */
    record BadCosignature(String log, String witness, long size, String why) implements LogFinding {}
}
