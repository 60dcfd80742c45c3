package rootzone.node.materialize;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;

/**
 * What a version must prove, beyond matching the digest its publisher stated, before this node serves
 * it: event-log's VersionApplier.authenticity (zone-core's VersionChecks) under this node's VersionPolicy (the publisher's gates run the same
 * checks), with the relaxations a version names for itself (import of archived history) honoured for
 * that version only.
 */
public record NodePolicy(VersionPolicy checks) {

    public NodePolicy {
        Objects.requireNonNull(checks, "checks");
    }

    /** Only the publisher's digest is checked (and a ZONEMD, when present). */
    public static NodePolicy digestOnly() {
        return new NodePolicy(VersionPolicy.defaults());
    }

    /** The first reason the version must not be served, or empty when it may be. */
    public Optional<Refusal> check(Zone zone, Instant at) {
        return check(zone, at, List.of());
    }

    /** @param relaxations the names the version's ZoneVersionCommitted.relaxations records */
    public Optional<Refusal> check(Zone zone, Instant at, List<? extends CharSequence> relaxations) {
        // The one check of event-log's rebuild, as the publisher's recovery and the auditor run it.
        return VersionApplier.authenticity(zone, checks, relaxations, at);
    }
}
