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

    public record NameHistory(String name, List<Change> changes) {}

    public record Change(long serial, Instant effectiveAt, List<String> removed, List<String> added) {

        static Change of(NameChange c) {
            return new Change(c.version().serial(), c.version().effectiveAt(), text(c.removed()), text(c.added()));
        }
    }

    public record Delegations(int versions, int added, int removed, List<rootzone.auditor.index.DelegationChange> history) {}

    public record NodeLatency(String node, Instant appliedAt, long latencyMillis, boolean digestMatches) {}

    public record Latency(long serial, Instant committedAt, int nodes, Long p95Millis, List<NodeLatency> applied) {}

    public record ZoneStatus(String zone, int versions, Long latestSerial, String halted, String error) {}

    public record Status(boolean caughtUp, long eventsChecked, ChainBreak firstBreak, List<ZoneStatus> zones,
                         Map<String, Long> positions, String error) {}

    public record DigestCheck(long serial, String stated, String rebuilt, boolean matches, long millis) {}

    /**
     * @param ok the chains hold, every zone indexes, every digest asked for matches and nothing is forged
     *     (a forgery was skipped by every reader, but someone wrote it: an operator must act)
     * @param forgeries events on the versions and snapshot topics no trusted publisher key signed
     * @param refused versions a node refused (VersionRejected by NODE, e.g. UNTRUSTED_PUBLISHER)
     */
    public record Verify(boolean ok, long eventsChecked, ChainBreak firstBreak, List<ZoneStatus> zones,
                         List<DigestCheck> digests, List<rootzone.eventlog.Forgery> forgeries,
                         List<rootzone.auditor.replay.RejectionLog.Rejection> refused) {}

    public record Error(String error) {}

    static List<String> text(List<Record> records) {
        return records.stream().map(Record::toString).toList();
    }

    private Views() {}
}
