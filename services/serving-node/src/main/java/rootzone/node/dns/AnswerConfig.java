package rootzone.node.dns;

/**
 * How the engine answers, independent of sockets.
 *
 * @param identity        CHAOS id.server / hostname.bind / version.bind values
 * @param ednsPayloadSize the UDP payload size the server advertises in its OPT record and the most it
 *                        sends over UDP to an EDNS client (RFC 6891 §6.2.5; 1232 avoids IP fragmentation,
 *                        the DNS Flag Day 2020 value NSD and Knot use by default)
 * @param tsig            the keys signed queries are verified with and their answers signed with
 */
public record AnswerConfig(NodeIdentity identity, int ednsPayloadSize, QueryTsig tsig) {

    public static final int DEFAULT_EDNS_PAYLOAD = 1232;

    public AnswerConfig {
        if (identity == null) {
            throw new IllegalArgumentException("identity must not be null (use NodeIdentity.hidden())");
        }
        if (ednsPayloadSize < 512 || ednsPayloadSize > 65535) {
            throw new IllegalArgumentException("EDNS payload size must be within 512..65535, got " + ednsPayloadSize);
        }
        if (tsig == null) {
            throw new IllegalArgumentException("tsig must not be null (use QueryTsig.none())");
        }
    }

    /** The defaults, without TSIG keys (signed queries get NOTAUTH/BADKEY). */
    public static AnswerConfig defaults(NodeIdentity identity) {
        return new AnswerConfig(identity, DEFAULT_EDNS_PAYLOAD, QueryTsig.none());
    }

    public AnswerConfig withTsig(QueryTsig keys) {
        return new AnswerConfig(identity, ednsPayloadSize, keys);
    }
}
