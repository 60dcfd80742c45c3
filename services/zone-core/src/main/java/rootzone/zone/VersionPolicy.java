package rootzone.zone;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Record;

/**
 * What a version must prove before it is published or served: the one policy of {@link VersionChecks},
 * configured for the publisher's gates and for each serving node (docs/security.md, "Version checks").
 *
 * @param zonemd what is required of the apex ZONEMD (RFC 8976)
 * @param dnssec what is required of the signatures
 * @param trustAnchor DS or DNSKEY records of the apex the DNSKEY RRset must chain to; empty with
 *     dnssec REQUIRE checks the signatures against the apex DNSKEYs without a chain
 * @param relaxations checks this policy leaves out, each by its documented {@link Relaxation} name
 */
public record VersionPolicy(Zonemd zonemd, Dnssec dnssec, List<Record> trustAnchor, Set<Relaxation> relaxations) {

    public enum Zonemd {
        /** Verified when present (RFC 8976 §4: a mismatch means the zone is not what its signer produced). */
        VERIFY_IF_PRESENT,
        /** There must be a ZONEMD this code can verify (SIMPLE, SHA-384 or SHA-512), and it must verify. */
        REQUIRE
    }

    public enum Dnssec {
        IGNORE,
        /** Signed, every signature valid at the time of the check, the keys chained to the trust anchor. */
        REQUIRE
    }

    /**
     * The named relaxations an import of archived history may need (recorded in
     * ZoneVersionCommitted.relaxations; a node reading a version that names one relaxes the same check
     * for that version). Names are part of the contract: add, never rename.
     */
    public enum Relaxation {
        /** ZONEMD not verified: archives whose delegation signatures were stripped no longer match their ZONEMD. */
        ZONEMD,
        /** Signatures not validated: archived signatures have expired, or were stripped. */
        DNSSEC,
        /**
         * The publisher's blast-radius gate not applied: history is what happened, and an import that
         * continues after a gap (or re-imports the year a TLD wave landed) jumps further than a live
         * publication may. Not a node check: nodes ignore it.
         */
        BLAST_RADIUS;

        /** The name recorded in events: lower case. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for a name that is not a relaxation */
        public static Relaxation of(String id) {
            for (Relaxation r : values()) {
                if (r.id().equals(id)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a relaxation (" + List.of(values()) + ")");
        }
    }

    public VersionPolicy {
        Objects.requireNonNull(zonemd, "zonemd");
        Objects.requireNonNull(dnssec, "dnssec");
        trustAnchor = List.copyOf(trustAnchor);
        relaxations = relaxations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(relaxations));
        if (dnssec == Dnssec.IGNORE && !trustAnchor.isEmpty()) {
            throw new IllegalArgumentException("trust anchors are given but DNSSEC is not required: say which is meant");
        }
    }

    /** The least any version must prove: a ZONEMD that is present verifies; DNSSEC not checked. */
    public static VersionPolicy defaults() {
        return new VersionPolicy(Zonemd.VERIFY_IF_PRESENT, Dnssec.IGNORE, List.of(), Set.of());
    }

    /** This policy with more checks left out (the union). */
    public VersionPolicy relaxed(Set<Relaxation> more) {
        if (more.isEmpty()) {
            return this;
        }
        EnumSet<Relaxation> all = EnumSet.copyOf(more);
        all.addAll(relaxations);
        return new VersionPolicy(zonemd, dnssec, trustAnchor, all);
    }

    /** Relaxation names as events record them (e.g. ["zonemd"]), unknown names refused. */
    public static Set<Relaxation> relaxations(List<? extends CharSequence> ids) {
        EnumSet<Relaxation> out = EnumSet.noneOf(Relaxation.class);
        for (CharSequence id : ids) {
            out.add(Relaxation.of(id.toString()));
        }
        return out;
    }
}
