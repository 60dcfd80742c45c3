package rootzone.zone;

import org.xbill.DNS.Name;

/**
 * One thing wrong with a zone: the master-file line of the offending record (0 when unknown, e.g. a
 * missing record or a zone not read from text), a stable code, a readable reason and the owner name
 * concerned (null when none applies). {@link #toString()} is one line, fit for printing.
 */
public record ZoneProblem(int line, Code code, String message, Name owner) {

    public enum Code {
        PARSE_ERROR,
        ANCHOR_ERROR,
        OUT_OF_ZONE,
        CLASS_MISMATCH,
        NO_SOA,
        DUPLICATE_SOA,
        SOA_NOT_AT_APEX,
        NO_APEX_NS,
        CNAME_AND_OTHER_DATA,
        MULTIPLE_CNAME,
        MISSING_GLUE,
        MISSING_ADDRESS,
        OCCLUDED_DATA,
        DS_NOT_AT_DELEGATION,
        TTL_MISMATCH,
        ZONEMD_SERIAL_MISMATCH,
        ZONEMD_DUPLICATE,
        ZONEMD_MISMATCH,
        DNSSEC_NO_DNSKEY,
        DNSSEC_UNTRUSTED_DNSKEY,
        DNSSEC_BAD_SIGNATURE,
        DNSSEC_UNSIGNED
    }

    public ZoneProblem {
        if (code == null || message == null) {
            throw new IllegalArgumentException("a zone problem needs a code and a message");
        }
        if (line < 0) {
            throw new IllegalArgumentException("negative line " + line);
        }
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line : "zone") + ": " + code
                + (owner != null ? " " + owner : "") + ": " + message;
    }
}
