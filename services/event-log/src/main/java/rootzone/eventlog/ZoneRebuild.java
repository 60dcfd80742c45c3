package rootzone.eventlog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;
import rootzone.events.AvroBytes;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;

/**
 * A zone rebuilt from its versions on the log, one version at a time, from nothing or from a snapshot:
 * the one rebuild, with {@link VersionApplier}'s checks on every version (delta, serial, count,
 * content digest; then ZONEMD and DNSSEC under the policy). A version that does not apply or verify
 * is thrown ({@link VersionMismatchException}) and changes nothing; one that verifies but fails the
 * policy is still the zone's latest version (the next one follows it), returned as
 * {@link Unauthentic} for the reader to act on.
 */
public final class ZoneRebuild {

    /** What one version gave. */
    public sealed interface Step {
        Zone zone();
    }

    /** Rebuilt exactly as stated, and the policy accepts it. */
    public record Verified(Zone zone) implements Step {}

    /** Rebuilt exactly as stated, but the policy refuses it. */
    public record Unauthentic(Zone zone, VersionApplier.Refusal refusal) implements Step {}

    private final Name origin;
    private final VersionPolicy policy;
    private Zone zone;
    private long offset;
    private byte[] contentDigest;
    private int sinceSnapshot;

    private ZoneRebuild(Name origin, VersionPolicy policy, Zone zone, long offset, byte[] contentDigest) {
        this.origin = Objects.requireNonNull(origin);
        this.policy = Objects.requireNonNull(policy);
        this.zone = zone;
        this.offset = offset;
        this.contentDigest = contentDigest;
    }

    /** From a snapshot (already checked against its digest by SnapshotReader), or from nothing. */
    public static ZoneRebuild from(Name origin, VersionPolicy policy, Optional<SnapshotReader.Snapshot> snapshot) {
        return snapshot.map(s -> new ZoneRebuild(origin, policy, s.zone(), s.versionsOffset(), s.contentDigest()))
                .orElseGet(() -> new ZoneRebuild(origin, policy, null, -1, null));
    }

    /**
     * Applies the next version, checking its authenticity as of {@code at}.
     *
     * @throws VersionMismatchException when it does not fit or does not verify; nothing is changed
     */
    public Step accept(LoggedVersion v, Instant at) {
        ZoneVersionCommitted c = v.committed();
        Zone next = VersionApplier.apply(zone, origin, v);
        zone = next;
        offset = v.offset();
        contentDigest = AvroBytes.toArray(c.getContentDigest());
        sinceSnapshot = c.getSnapshot() ? 0 : sinceSnapshot + 1;
        return VersionApplier.authenticity(next, policy, c.getRelaxations(), at)
                .<Step>map(r -> new Unauthentic(next, r)).orElseGet(() -> new Verified(next));
    }

    /** As {@link #accept(LoggedVersion, Instant)}, as of the version's commit: what a rebuild of history checks. */
    public Step accept(LoggedVersion v) {
        return accept(v, v.committed().getEnvelope().getProducedAt());
    }

    /** The latest version rebuilt, empty before the first. */
    public Optional<Zone> zone() {
        return Optional.ofNullable(zone);
    }

    /** The offset of its ZoneVersionCommitted (or its snapshot's), -1 before the first. */
    public long offset() {
        return offset;
    }

    /** Where to read the versions topic on from. */
    public long nextOffset() {
        return offset + 1;
    }

    /** Its content digest as stated (and checked), null before the first. */
    public byte[] contentDigest() {
        return contentDigest == null ? null : contentDigest.clone();
    }

    /** Versions applied since the latest one written with a snapshot (0 when started from a snapshot). */
    public int sinceSnapshot() {
        return sinceSnapshot;
    }
}
