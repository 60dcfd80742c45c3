package rootzone.auditor.tlog;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import rootzone.auditor.index.IndexedVersion;
import rootzone.tlog.entry.VersionEntry;

/**
 * An index snapshot (a local file) judged by the zone's transparency log: every version it holds that the
 * log's verified leaves cover must say what its leaf says (serial, previous, content digest, publisher,
 * time, imported). Versions older than the log's first version leaf (history before the log) and newer
 * than its last (their checkpoint not read yet) have no leaf; one without a leaf in between is refused too.
 */
public final class SnapshotLeaves {

    /** Why the versions disagree with the log's leaves, or empty when they agree (or the zone has no log yet). */
    public static Optional<String> disagreement(AuditedLog log, List<IndexedVersion> versions) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (log.versionLeaf(versions.get(i).serial()).isPresent()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        for (int i = Math.max(first, 0); i <= last; i++) {
            IndexedVersion v = versions.get(i);
            Optional<AuditedLog.VersionLeaf> leaf = log.versionLeaf(v.serial());
            if (leaf.isEmpty()) {
                return Optional.of("serial " + v.serial() + " has no leaf in log " + log.name() + ", though versions before and after it have");
            }
            String field = differing(v, leaf.get().entry());
            if (field != null) {
                return Optional.of("serial " + v.serial() + ": its " + field + " is not the one of leaf " + leaf.get().index() + " of log " + log.name());
            }
        }
        return Optional.empty();
    }

    private static String differing(IndexedVersion v, VersionEntry e) {
        if (!Objects.equals(e.previous().isPresent() ? e.previous().getAsLong() : null, v.previousSerial())) {
            return "previous serial";
        }
        if (!Arrays.equals(e.contentSha256(), v.contentDigest())) {
            return "content digest";
        }
        if (!e.publisher().equals(v.publisher())) {
            return "publisher";
        }
        if (!e.time().equals(v.capturedAt().truncatedTo(ChronoUnit.MILLIS))) { // entries carry milliseconds
            return "time";
        }
        return e.imported() != v.imported() ? "imported flag" : null;
    }

    private SnapshotLeaves() {}
}
