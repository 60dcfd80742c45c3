package rootzone.auditor.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneDiff;

/**
 * The editorial changes of one version, classified once when it is indexed so the timeline never
 * re-reads a delta: per {@link ChangeKind} the names it touched (owner names; for DNSKEYs "tag N KSK|ZSK",
 * with "REVOKED" when the REVOKE bit is set). A version with no kinds was only re-signed.
 */
public record ChangeSummary(long serial, Instant effectiveAt, Map<ChangeKind, List<String>> subjects) {

    public ChangeSummary {
        EnumMap<ChangeKind, List<String>> copy = new EnumMap<>(ChangeKind.class);
        subjects.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        subjects = Collections.unmodifiableMap(copy);
    }

    public Set<ChangeKind> kinds() {
        return subjects.keySet();
    }

    /**
     * Classifies a delta whose TLD additions and removals the index has already worked out: records at
     * or below an added or removed TLD belong to that addition or removal and count nowhere else.
     */
    static ChangeSummary of(IndexedVersion info, Name origin, ZoneDiff delta, DelegationChange delegations) {
        if (delegations.baseline()) {
            return new ChangeSummary(info.serial(), info.effectiveAt(), Map.of(ChangeKind.BASELINE, List.of()));
        }
        Map<ChangeKind, Set<String>> found = new EnumMap<>(ChangeKind.class);
        List<Name> movedTlds = new ArrayList<>();
        for (String tld : delegations.added()) {
            found.computeIfAbsent(ChangeKind.TLD_ADDED, k -> new TreeSet<>()).add(tld);
            movedTlds.add(name(tld));
        }
        for (String tld : delegations.removed()) {
            found.computeIfAbsent(ChangeKind.TLD_REMOVED, k -> new TreeSet<>()).add(tld);
            movedTlds.add(name(tld));
        }
        ZoneDiff editorial = SignatureChanges.hide(delta);
        Set<String> removedKeys = keyData(editorial.removed(), origin);
        Set<String> addedKeys = keyData(editorial.added(), origin);
        for (List<Record> side : List.of(editorial.removed(), editorial.added())) {
            boolean added = side == editorial.added();
            for (Record r : side) {
                if (movedTlds.stream().anyMatch(t -> r.getName().subdomain(t))) {
                    continue;
                }
                ChangeKind kind;
                String subject = r.getName().toString();
                boolean apex = r.getName().equals(origin);
                if (r instanceof DNSKEYRecord key && apex) {
                    String data = key.rdataToString();
                    if (added ? removedKeys.contains(data) : addedKeys.contains(data)) {
                        kind = ChangeKind.OTHER; // same key, other TTL
                        subject = subject + " DNSKEY";
                    } else {
                        kind = added ? ChangeKind.DNSKEY_ADDED : ChangeKind.DNSKEY_REMOVED;
                        subject = keyLabel(key);
                    }
                } else if (r.getType() == Type.NS && !apex) {
                    kind = ChangeKind.NS;
                } else if (r.getType() == Type.DS) {
                    kind = ChangeKind.DS;
                } else if ((r.getType() == Type.A || r.getType() == Type.AAAA) && !apex) {
                    kind = ChangeKind.GLUE;
                } else {
                    kind = ChangeKind.OTHER;
                    subject = subject + " " + Type.string(r.getType());
                }
                found.computeIfAbsent(kind, k -> new TreeSet<>()).add(subject);
            }
        }
        Map<ChangeKind, List<String>> subjects = new EnumMap<>(ChangeKind.class);
        found.forEach((k, v) -> subjects.put(k, List.copyOf(v)));
        return new ChangeSummary(info.serial(), info.effectiveAt(), subjects);
    }

    /** "tag 20326 KSK", with " REVOKED" when the REVOKE bit (RFC 5011 §7) is set: flags 257 = KSK (SEP, RFC 4034 §2.1.1). */
    static String keyLabel(DNSKEYRecord key) {
        int flags = key.getFlags();
        String role = (flags & DNSKEYRecord.Flags.SEP_KEY) != 0 ? "KSK" : "ZSK";
        String revoked = (flags & DNSKEYRecord.Flags.REVOKE) != 0 ? " REVOKED" : "";
        return "tag " + key.getFootprint() + " " + role + revoked;
    }

    private static Set<String> keyData(List<Record> records, Name origin) {
        Set<String> out = new HashSet<>();
        for (Record r : records) {
            if (r instanceof DNSKEYRecord && r.getName().equals(origin)) {
                out.add(r.rdataToString());
            }
        }
        return out;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException("the index wrote an unparsable name: " + text, e);
        }
    }
}
