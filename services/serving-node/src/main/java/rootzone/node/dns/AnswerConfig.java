package rootzone.node.dns;

/**
 * How the engine answers, independent of sockets.
 *
 * @param identity        CHAOS id.server / hostname.bind / version.bind values
 * @param ednsPayloadSize the UDP payload size the server advertises in its OPT record and the most it
 *                        sends over UDP to an EDNS client (RFC 6891 §6.2.5; 1232 avoids IP fragmentation,
 *                        the DNS Flag Day 2020 value NSD and Knot use by default)
 */
public record AnswerConfig(NodeIdentity identity, int ednsPayloadSize) {

    public static final int DEFAULT_EDNS_PAYLOAD = 1232;

    public AnswerConfig {
        if (identity == null) {
            throw new IllegalArgumentException("identity must not be null (use NodeIdentity.hidden())");
        }
        if (ednsPayloadSize < 512 || ednsPayloadSize > 65535) {
            throw new IllegalArgumentException("EDNS payload size must be within 512..65535, got " + ednsPayloadSize);
        }
    }

    public static AnswerConfig defaults(NodeIdentity identity) {
        return new AnswerConfig(identity, DEFAULT_EDNS_PAYLOAD);
    }
}
