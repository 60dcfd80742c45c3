package rootzone.zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneProblem.Code;

/**
 * Verifies the DNSSEC signatures of a whole zone at a given time, as a validating resolver would
 * see them: the apex DNSKEY RRset must be signed by a key matching the trust anchor (a DS or DNSKEY
 * of the origin), every RRSIG in the zone must verify against the apex DNSKEYs, and in a signed zone
 * every RRset that should be signed is: authoritative data, and DS and NSEC at delegations (RFC 4035
 * §2.2), not NS at a cut nor glue.
 */
public final class DnssecVerifier {

    /**
     * @param trustAnchors DS or DNSKEY records; those of other owners than the origin are ignored.
     *     Empty: the apex DNSKEYs are taken as given (signatures are checked, the chain is not).
     * @param at the time to check validity periods at (archived zones: a time inside their period)
     */
    public static List<ZoneProblem> verify(Zone zone, List<? extends Record> trustAnchors, Instant at) {
        Name origin = zone.origin();
        List<ZoneProblem> problems = new ArrayList<>();
        RRset keys = zone.rrset(origin, Type.DNSKEY);
        List<Record> anchors = trustAnchors.stream().filter(a -> a.getName().equals(origin))
                .map(a -> (Record) a).toList();
        boolean signed = keys != null || zone.rrsets().stream().anyMatch(s -> s.type() == Type.RRSIG);
        if (!trustAnchors.isEmpty() && anchors.isEmpty()) {
            problems.add(new ZoneProblem(0, Code.DNSSEC_UNTRUSTED_DNSKEY, "no trust anchor given for " + origin, origin));
        }
        if (!signed) {
            if (!anchors.isEmpty()) {
                problems.add(new ZoneProblem(0, Code.DNSSEC_NO_DNSKEY, "a trust anchor is given but the zone is not signed", origin));
            }
            return problems;
        }
        if (keys == null) {
            problems.add(new ZoneProblem(0, Code.DNSSEC_NO_DNSKEY, "the zone has RRSIGs but no DNSKEY at its apex", origin));
            return problems;
        }
        if (!anchors.isEmpty()) {
            checkChain(zone, keys, anchors, at).ifPresent(problems::add);
        }
        for (RRset set : zone.rrsets()) {
            if (set.type() == Type.RRSIG) {
                continue;
            }
            if (set.signatures().isEmpty()) {
                if (mustBeSigned(zone, set)) {
                    problems.add(ZoneValidator.problem(zone, set.first(), Code.DNSSEC_UNSIGNED,
                            Type.string(set.type()) + " RRset has no RRSIG"));
                }
                continue;
            }
            List<String> failures = new ArrayList<>();
            for (RRSIGRecord sig : set.signatures()) {
                String failure = check(set, sig, keys.records(), origin, at);
                if (failure != null) {
                    failures.add(failure);
                }
            }
            if (!failures.isEmpty()) {
                boolean anyValid = failures.size() < set.signatures().size();
                problems.add(ZoneValidator.problem(zone, set.first(), Code.DNSSEC_BAD_SIGNATURE,
                        Type.string(set.type()) + " RRset: " + String.join("; ", failures)
                                + (anyValid ? " (another RRSIG verifies)" : "")));
            }
        }
        return problems;
    }

    /** The apex DNSKEY RRset must verify with a key the anchor vouches for (RFC 4035 §5). */
    private static Optional<ZoneProblem> checkChain(Zone zone, RRset keys, List<Record> anchors, Instant at) {
        List<Record> trusted = keys.records().stream().filter(k -> anchors.stream().anyMatch(a -> matches(a, (DNSKEYRecord) k))).toList();
        if (trusted.isEmpty()) {
            return Optional.of(ZoneValidator.problem(zone, keys.first(), Code.DNSSEC_UNTRUSTED_DNSKEY,
                    "no apex DNSKEY matches the trust anchor"));
        }
        List<String> failures = new ArrayList<>();
        for (RRSIGRecord sig : keys.signatures()) {
            String failure = check(keys, sig, trusted, zone.origin(), at);
            if (failure == null) {
                return Optional.empty();
            }
            failures.add(failure);
        }
        return Optional.of(ZoneValidator.problem(zone, keys.first(), Code.DNSSEC_UNTRUSTED_DNSKEY,
                "DNSKEY RRset is not signed by a key matching the trust anchor"
                        + (failures.isEmpty() ? "" : ": " + String.join("; ", failures))));
    }

    private static boolean matches(Record anchor, DNSKEYRecord key) {
        if (anchor instanceof DNSKEYRecord k) {
            return k.getFlags() == key.getFlags() && k.getAlgorithm() == key.getAlgorithm()
                    && Arrays.equals(k.getKey(), key.getKey());
        }
        if (anchor instanceof DSRecord ds) {
            if (ds.getFootprint() != key.getFootprint() || ds.getAlgorithm() != key.getAlgorithm()) {
                return false;
            }
            try {
                DSRecord computed = new DSRecord(key.getName(), key.getDClass(), 0, ds.getDigestID(), key);
                return Arrays.equals(computed.getDigest(), ds.getDigest());
            } catch (IllegalArgumentException e) {
                return false; // a digest type dnsjava cannot compute cannot vouch for the key
            }
        }
        return false;
    }

    /** Null when the signature verifies with one of the keys, else why not. */
    private static String check(RRset set, RRSIGRecord sig, List<Record> keys, Name origin, Instant at) {
        String id = "RRSIG key " + sig.getFootprint() + " alg " + sig.getAlgorithm();
        if (!sig.getSigner().equals(origin)) {
            return id + ": signer " + sig.getSigner() + " is not the zone " + origin;
        }
        String reason = "no DNSKEY with that tag and algorithm";
        org.xbill.DNS.RRset dnsjavaSet = null;
        for (Record r : keys) {
            DNSKEYRecord key = (DNSKEYRecord) r;
            if (key.getFootprint() != sig.getFootprint() || key.getAlgorithm() != sig.getAlgorithm()) {
                continue;
            }
            if ((key.getFlags() & DNSKEYRecord.Flags.ZONE_KEY) == 0) {
                reason = "DNSKEY " + key.getFootprint() + " is not a zone key";
                continue;
            }
            if (dnsjavaSet == null) {
                dnsjavaSet = new org.xbill.DNS.RRset();
                set.records().forEach(dnsjavaSet::addRR);
            }
            try {
                DNSSEC.verify(dnsjavaSet, sig, key, at);
                return null;
            } catch (DNSSEC.DNSSECException e) {
                reason = e.getMessage();
            }
        }
        return id + ": " + reason;
    }

    private static boolean mustBeSigned(Zone zone, RRset set) {
        if (!zone.contains(set.name())) {
            return false;
        }
        Optional<Name> cut = zone.delegationFor(set.name());
        if (cut.isEmpty()) {
            return true;
        }
        return cut.get().equals(set.name()) && (set.type() == Type.DS || set.type() == Type.NSEC);
    }

    private DnssecVerifier() {}
}
