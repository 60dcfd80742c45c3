package rootzone.auditor.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;
import rootzone.auditor.index.IndexedVersion;
import rootzone.auditor.index.NameChange;
import rootzone.eventlog.ChainBreak;
import rootzone.zone.ZoneDiff;

/** The JSON shapes of the HTTP API. Records are in presentation form, one per string. */
public final class Views {

    public record Version(long serial, Long previousSerial, Instant publishedAt, Instant capturedAt, Instant effectiveAt,
                         String publisher, String source, boolean imported, long recordCount, long deltaSize,
                         long removed, long added, String contentDigest, long offset, long rejections) {

        static Version of(IndexedVersion v, long rejections) {
            return new Version(v.serial(), v.previousSerial(), v.committedAt(), v.capturedAt(), v.effectiveAt(), v.publisher(),
                    v.source(), v.imported(), v.recordCount(), v.deltaSize(), v.removedCount(), v.addedCount(),
                    v.contentDigestHex(), v.offset(), rejections);
        }
    }

    public record Diff(long from, long to, boolean signatures, List<String> removed, List<String> added) {

        static Diff of(ZoneDiff d, boolean signatures) {
            return new Diff(d.fromSerial(), d.toSerial(), signatures, text(d.removed()), text(d.added()));
        }
    }

    /** A diff as lines "-record" / "+record" in canonical order, as `rootzone history diff` prints it. */
    public record DiffLines(long from, long to, boolean signatures, int removed, int added, List<String> lines) {}

    public record NameHistory(String name, List<Change> changes) {}

    public record Change(long serial, Instant effectiveAt, List<String> removed, List<String> added) {

        static Change of(NameChange c) {
            return new Change(c.version().serial(), c.version().effectiveAt(), text(c.removed()), text(c.added()));
        }
    }

    public record Delegations(int versions, int added, int removed, List<rootzone.auditor.index.DelegationChange> history) {}

    public record NodeLatency(String node, Instant appliedAt, long latencyMillis, boolean digestMatches) {}

    /** @param slowest the node that took longest to serve the serial (null when none has) */
    public record Latency(long serial, Instant committedAt, int nodes, Long p95Millis, NodeLatency slowest,
                          List<NodeLatency> applied) {}

    /** One serial of the latency chart: a Latency without the per-node list. */
    public record LatencyPoint(long serial, Instant committedAt, int nodes, long p95Millis, String slowestNode,
                               long slowestMillis) {}

    /** How many (serial, node) latencies fell in [fromMillis, toMillis); toMillis null for the last bucket. */
    public record LatencyBucket(long fromMillis, Long toMillis, int count) {}

    public record NodeLatencies(String node, int serials, long p50Millis, long p95Millis, long maxMillis) {}

    /** @param p50Millis and the others over every (serial, node) latency; null when there is none */
    public record LatencySummary(String zone, int count, Long p50Millis, Long p95Millis, Long maxMillis,
                                 List<LatencyBucket> distribution, List<NodeLatencies> nodes, List<LatencyPoint> serials) {}

    /** The dashboard's "now": the latest version, every node that applied or refused one, the audit's own state. */
    public record Now(String zone, Instant serverTime, int versions, Version latest, List<rootzone.auditor.replay.NodeStates.NodeState> nodes,
                      boolean caughtUp, long eventsChecked, ChainBreak firstBreak, String halted, int rejections) {}

    /** One version of the timeline with its classified changes (kind to the names it touched). */
    public record TimelineVersion(long serial, Long previousSerial, Instant effectiveAt, String publisher, String source,
                                  boolean imported, long deltaSize, long rejections,
                                  Map<rootzone.auditor.index.ChangeKind, List<String>> changes) {}

    /** Versions per week (starting Monday, UTC) and per kind. */
    public record Week(java.time.LocalDate week, int versions, Map<rootzone.auditor.index.ChangeKind, Integer> kinds) {}

    /**
     * @param total versions of the zone
     * @param matching versions within the time and kind filters
     * @param kindCounts versions per kind within the time filter (whatever the kind filter)
     * @param weeks the whole history with the kind filter applied
     * @param items a page of the matching versions, newest first
     */
    public record Timeline(String zone, int total, int matching, Map<rootzone.auditor.index.ChangeKind, Integer> kindCounts,
                           List<Week> weeks, int offset, int limit, List<TimelineVersion> items) {}

    public record Notices(long coordinationOffset, List<rootzone.coordination.model.notice.Notice> notices,
                          Map<String, List<String>> awaitingByParty, List<rootzone.auditor.coordination.NoticeFollower.Refused> refusedEvents) {}

    /** Every transparency log replayed here: checkpoint, cosigners, witness policy verdict, findings. */
    /**
     * The trust panel: every transparency log, each zone's versions that fail the version policy, and the
     * re-read of what lies below the restart point.
     */
    public record Trust(List<rootzone.auditor.tlog.LogState> logs, List<ZonePolicy> zones, rootzone.auditor.replay.RestartReread.State reread) {}

    /** A zone's versions that fail the version policy (ZONEMD): how many, the latest few first. */
    public record ZonePolicy(String zone, int versions, int failing, List<rootzone.auditor.index.Unauthentic> latest) {}

    /** A server-sent event: a version indexed, a node's application or a refusal. */
    public record LiveEvent(String type, String zone, Long serial, String node, Instant at) {}

    /** @param unauthentic the versions that fail the version policy (ZONEMD), indexed all the same */
    /** @param uncheckedZones zones of the loaded index snapshot (keyframes, the latest) not yet built and digest-checked (0 once caught up) */
    public record ZoneStatus(String zone, int versions, Long latestSerial, String halted, String error,
                             List<rootzone.auditor.index.Unauthentic> unauthentic, int uncheckedZones) {}

    public record Status(boolean caughtUp, long eventsChecked, ChainBreak firstBreak, List<ZoneStatus> zones,
                         Map<String, Long> positions, String error, List<LogStatus> logs,
                         rootzone.auditor.replay.RestartReread.State reread) {}

    /** One transparency log as replayed here: its verified size, why its replay halted (or null), what was found. */
    public record LogStatus(String name, String origin, long size, String halted, List<rootzone.auditor.tlog.LogFinding> findings) {}

    public record DigestCheck(long serial, String stated, String rebuilt, boolean matches, long millis) {}

    /**
     * @param ok the chains hold, every zone indexes, every digest asked for matches and nothing is forged
     *     (a forgery was skipped by every reader, but someone wrote it: an operator must act)
     * @param forgeries events on the versions and snapshot topics no trusted publisher key signed
     * @param refused versions a node refused (VersionRejected by NODE, e.g. UNTRUSTED_PUBLISHER)
     */
    public record Verify(boolean ok, long eventsChecked, ChainBreak firstBreak, List<ZoneStatus> zones,
                         List<DigestCheck> digests, List<rootzone.eventlog.Forgery> forgeries,
                         List<rootzone.auditor.replay.RejectionLog.Rejection> refused,
                         List<rootzone.auditor.tlog.LogFinding> logFindings) {}

    public record Error(String error) {}

    static List<String> text(List<Record> records) {
        return records.stream().map(Record::toString).toList();
    }

    private Views() {}
}
