package rootzone.publisher.gate;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.events.RejectReason;
import rootzone.zone.Serial;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * Runs the publication gates on a parsed version in a fixed order, cheapest and most fundamental
 * first: structure (without an apex SOA there is no serial), serial against the last published
 * version (so a republished version is a no-op without re-verifying it), authenticity (ZONEMD,
 * DNSSEC), then blast radius. The caller supplies the last published version; the only state is the
 * structure gate's note of the last version it found good, which lets it check a successor by its change.
 */
public final class Gatekeeper {

    private final StructureGate structure;
    private final List<ContentGate> authenticity;

    public Gatekeeper(StructureGate structure, List<ContentGate> authenticity) {
        this.structure = structure;
        this.authenticity = List.copyOf(authenticity);
    }

    /** The gates of the spec: zone-core structure, then ZONEMD and DNSSEC per policy (zone-core VersionChecks). */
    public static Gatekeeper standard() {
        return new Gatekeeper(new StructureGate(), List.of(new AuthenticityGate()));
    }

    /**
     * @param candidate the parsed version
     * @param candidateDigest its zone-core ContentDigest
     * @param previous the last published version, or null when none was
     * @param previousDigest its ContentDigest (ignored when previous is null)
     * @param blastRadiusOverride the reason an operator gave to override the blast-radius gate, or null
     */
    public Decision decide(Zone candidate, byte[] candidateDigest, Zone previous, byte[] previousDigest,
            ZonePolicy policy, String blastRadiusOverride, Instant now) {
        return decide(candidate, candidateDigest, previous, previousDigest, null, policy, blastRadiusOverride, now);
    }

    /**
     * The same, with the delta from {@code previous} already known (an import parses only the lines
     * that changed and gets the delta with them), so a 22k-record version is not diffed again.
     *
     * @param knownDiff the delta from exactly {@code previous} to {@code candidate}, or null to compute it
     */
    public Decision decide(Zone candidate, byte[] candidateDigest, Zone previous, byte[] previousDigest, ZoneDiff knownDiff,
            ZonePolicy policy, String blastRadiusOverride, Instant now) {
        if (previous != null && !previous.origin().equals(candidate.origin())) {
            return refuse(RejectReason.WRONG_ZONE, "version is for " + candidate.origin() + ", not " + previous.origin());
        }
        Optional<Refusal> invalid = structure.check(candidate, previous);
        if (invalid.isPresent()) {
            return new Decision.Refuse(invalid.get());
        }
        if (previous == null) {
            Optional<Refusal> unauthentic = authentic(candidate, policy, now);
            if (unauthentic.isPresent()) {
                return new Decision.Refuse(unauthentic.get());
            }
            return new Decision.Publish(ZoneDiff.between(Zone.of(candidate.origin(), List.of()), candidate),
                    new BlastRadius(0, Set.of()), null);
        }
        long serial = candidate.serial();
        long last = previous.serial();
        if (serial == last) {
            if (Arrays.equals(candidateDigest, previousDigest)) {
                return new Decision.AlreadyPublished();
            }
            return refuse(RejectReason.SERIAL_REUSED, "serial " + serial
                    + " is already published with different content; increase the serial");
        }
        int order;
        try {
            order = Serial.compare(serial, last);
        } catch (IllegalArgumentException undefined) {
            return refuse(RejectReason.SERIAL_NOT_NEWER, undefined.getMessage());
        }
        if (order < 0) {
            return refuse(RejectReason.SERIAL_NOT_NEWER, "serial " + serial
                    + " is not newer than the last published serial " + last + " (RFC 1982)");
        }
        Optional<Refusal> unauthentic = authentic(candidate, policy, now);
        if (unauthentic.isPresent()) {
            return new Decision.Refuse(unauthentic.get());
        }
        ZoneDiff diff = knownDiff != null ? knownDiff : ZoneDiff.between(previous, candidate);
        BlastRadius radius = BlastRadius.of(previous, candidate, diff);
        if (radius.share() > policy.maxBlastRadius()) {
            if (blastRadiusOverride == null || blastRadiusOverride.isBlank()) {
                return refuse(RejectReason.BLAST_RADIUS, radius.describe() + ", more than the allowed "
                        + String.format("%.2f %%", policy.maxBlastRadius() * 100)
                        + "; publish with an explicit override reason if intended");
            }
            return new Decision.Publish(diff, radius, blastRadiusOverride.strip());
        }
        return new Decision.Publish(diff, radius, null);
    }

    private Optional<Refusal> authentic(Zone candidate, ZonePolicy policy, Instant now) {
        for (ContentGate gate : authenticity) {
            Optional<Refusal> refusal = gate.check(candidate, policy, now);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private static Decision refuse(RejectReason reason, String detail) {
        return new Decision.Refuse(new Refusal(reason, detail));
    }
}
