package rootzone.eventlog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;
import rootzone.events.AvroBytes;
import rootzone.events.RejectReason;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.StatedContent;
import rootzone.zone.VersionChecks;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The checks of one version rebuilt from the log, in one place: applying its delta to the version it
 * follows and checking the result against what it states (serial, record count, content digest:
 * every version, never a sample), then its authenticity (ZONEMD, DNSSEC) under zone-core's one
 * {@link VersionPolicy}, relaxed by what the version names. {@link ZoneRebuild} runs them for a zone's
 * whole history (publisher recovery, VersionLog.rebuild); the serving node and the auditor's index
 * call them per version.
 */
public final class VersionApplier {

    /**
     * What a version states about itself (its ZoneVersionCommitted), against which the rebuilt zone is
     * checked. Made for one check and dropped: the digest is not copied.
     */
    public record Stated(long serial, Long previousSerial, long recordCount, StatedContent content) {
        /**
         * The content root when the commit carries one (contract v5: signed under canonical form v2,
         * which VersionAssembler checked before the version reached any reader), else the flat content
         * digest (commits written before v5).
         */
        public static Stated of(ZoneVersionCommitted c) {
            return new Stated(c.getSerial(), c.getPreviousSerial(), c.getRecordCount(), VersionApplier.content(c));
        }
    }

    /** What pins the content of the version {@code c} closes: see {@link Stated#of}. */
    public static StatedContent content(ZoneVersionCommitted c) {
        return c.getContentRoot() != null ? new StatedContent.Root(AvroBytes.toArray(c.getContentRoot()))
                : new StatedContent.Digest(AvroBytes.toArray(c.getContentDigest()));
    }

    /**
     * Why a version must not be used or published, wherever it is found (the publisher's gates, a
     * rebuild, the node's policy): the contract's RejectReason, and what was found.
     */
    public record Refusal(RejectReason reason, String detail) {
        public Refusal {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }

    /**
     * @param current the version the delta is from, or null before the zone's first version
     * @param origin the zone's origin (used when {@code current} is null)
     * @return the new version, verified
     * @throws VersionMismatchException when it does not fit or does not verify; nothing is changed
     */
    public static Zone apply(Zone current, Name origin, LoggedVersion version) {
        return apply(current, origin, Stated.of(version.committed()), version.diff());
    }

    /** As {@link #apply(Zone, Name, LoggedVersion)}, for a version whose statements and delta were kept apart from the log. */
    public static Zone apply(Zone current, Name origin, Stated stated, ZoneDiff diff) {
        Long previousSerial = stated.previousSerial();
        Zone base;
        if (previousSerial == null) {
            base = Zone.of(origin, List.of());
        } else if (current == null || current.soa() == null || current.serial() != previousSerial) {
            throw new VersionMismatchException(RejectReason.SERIAL_GAP, "serial " + stated.serial() + " follows " + previousSerial
                    + " but the current version is " + (current == null || current.soa() == null ? "none" : current.serial()));
        } else {
            base = current;
        }
        Zone next;
        try {
            next = diff.applyTo(base);
        } catch (IllegalArgumentException e) {
            throw new VersionMismatchException(RejectReason.DIFF_DOES_NOT_APPLY, "serial " + stated.serial() + ": " + e.getMessage());
        }
        return verify(next, stated.serial(), stated.recordCount(), stated.content());
    }

    /**
     * The one check of a whole zone against what was stated about it: its SOA serial, its record count
     * and its content (the content root where one was stated, else the content digest). For a version just rebuilt, and for one read back whole (a snapshot of
     * the log, the node's local store).
     *
     * @return {@code zone}, verified
     * @throws VersionMismatchException when it is not what was stated
     */
    public static Zone verify(Zone zone, long serial, long recordCount, StatedContent content) {
        if (zone.soa() == null || zone.serial() != serial) {
            throw new VersionMismatchException(RejectReason.SERIAL_MISMATCH, "the rebuilt zone has serial "
                    + (zone.soa() == null ? "none" : zone.serial()) + ", the version states " + serial);
        }
        if (zone.size() != recordCount) {
            throw new VersionMismatchException(RejectReason.RECORD_COUNT_MISMATCH, "serial " + serial + " rebuilt with "
                    + zone.size() + " records, the version states " + recordCount);
        }
        Optional<VersionChecks.Failure> digest = VersionChecks.content(zone, content);
        if (digest.isPresent()) {
            throw new VersionMismatchException(RejectReasons.of(digest.get().failed()), digest.get().detail());
        }
        return zone;
    }

    /**
     * ZONEMD, then DNSSEC, under {@code policy} relaxed by the relaxations the version names for itself
     * (ZoneVersionCommitted.relaxations: an import of archived history), as of {@code at}.
     *
     * @return why the version must not be used, or empty
     */
    public static Optional<Refusal> authenticity(Zone zone, VersionPolicy policy, List<? extends CharSequence> relaxations, Instant at) {
        VersionPolicy relaxed;
        try {
            relaxed = policy.relaxed(VersionPolicy.relaxations(relaxations));
        } catch (IllegalArgumentException unknown) {
            // A relaxation this reader does not know: it cannot tell what the publisher left out.
            return Optional.of(new Refusal(RejectReason.OTHER, "serial " + zone.serial() + ": " + unknown.getMessage()));
        }
        return VersionChecks.authenticity(zone, relaxed, at).map(f -> new Refusal(RejectReasons.of(f.failed()), f.detail()));
    }

    private VersionApplier() {}
}
