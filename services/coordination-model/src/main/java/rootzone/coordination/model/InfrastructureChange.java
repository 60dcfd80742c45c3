package rootzone.coordination.model;

import java.util.List;

/**
 * One change to the root's infrastructure found between two consecutive zone versions.
 *
 * @param subject the server name (NS and address changes), "." for apex key and type changes
 * @param keyTag the DNSKEY's tag (RFC 4034 Appendix B) for key changes; for a revocation the tag of
 *     the key before its REVOKE bit was set (the revoked record has another tag, see revokedTag)
 * @param revokedTag for DNSKEY_REVOKED, the tag of the revoked record
 * @param keyRole "KSK" (SEP bit set) or "ZSK" for key changes
 * @param recordType the apex record type for APEX_TYPE_*, null otherwise
 * @param before the addresses / values before, in presentation form, sorted
 * @param after the addresses / values after, in presentation form, sorted
 */
public record InfrastructureChange(
        Kind kind,
        String subject,
        Integer keyTag,
        Integer revokedTag,
        String keyRole,
        String recordType,
        List<String> before,
        List<String> after,
        String summary) {

    public enum Kind {
        ROOT_NS_ADDED, ROOT_NS_REMOVED, SERVER_ADDRESS_CHANGED,
        DNSKEY_ADDED, DNSKEY_REVOKED, DNSKEY_REMOVED,
        APEX_TYPE_ADDED, APEX_TYPE_REMOVED
    }

    public InfrastructureChange {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    /** Short stable form for tests and logs, e.g. "DNSKEY_ADDED KSK 38696" or "SERVER_ADDRESS_CHANGED b.root-servers.net.". */
    public String label() {
        return switch (kind) {
            case DNSKEY_ADDED, DNSKEY_REMOVED -> kind + " " + keyRole + " " + keyTag;
            case DNSKEY_REVOKED -> kind + " " + keyRole + " " + keyTag + " (now " + revokedTag + ")";
            case APEX_TYPE_ADDED, APEX_TYPE_REMOVED -> kind + " " + recordType;
            default -> kind + " " + subject;
        };
    }
}
