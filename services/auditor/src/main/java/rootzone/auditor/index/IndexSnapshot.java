package rootzone.auditor.index;

import java.util.List;
import java.util.Optional;
import rootzone.zone.ZoneDiff;

/**
 * A zone's history index as saved on disk (IndexSnapshotFile): every version the index accepted with its
 * delta, oldest first. The last one's offset is the versions-topic offset the snapshot covers; its serial
 * and content digest are what the topic must still hold there for the snapshot to be trusted. The
 * versions that failed the version policy when read are kept with it: judging them again would mean
 * rebuilding every version's zone.
 */
public record IndexSnapshot(String zone, List<Version> versions, List<Unauthentic> unauthentic) {

    /** One indexed version and the delta it was indexed with. */
    public record Version(IndexedVersion info, ZoneDiff delta) {}

    public IndexSnapshot {
        versions = List.copyOf(versions);
        unauthentic = List.copyOf(unauthentic);
    }

    /** A snapshot in which every version passed the version policy. */
    public IndexSnapshot(String zone, List<Version> versions) {
        this(zone, versions, List.of());
    }

    public Optional<IndexedVersion> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1).info());
    }

    /** The next versions-topic offset to read after loading this snapshot. */
    public long nextOffset() {
        return latest().map(v -> v.offset() + 1).orElse(0L);
    }
}
