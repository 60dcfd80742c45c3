package rootzone.node.dns;

/**
 * What the node says about itself in CHAOS TXT queries. A null value disables that answer (the query is
 * REFUSED), e.g. to hide the software version.
 *
 * @param idServer answer to id.server (RFC 4892)
 * @param hostname answer to hostname.bind
 * @param version  answer to version.bind and version.server
 */
public record NodeIdentity(String idServer, String hostname, String version) {

    public NodeIdentity {
        for (String s : new String[] {idServer, hostname, version}) {
            if (s != null && s.length() > 255) {
                throw new IllegalArgumentException("CHAOS TXT value longer than one 255-byte string: " + s);
            }
        }
    }

    /** Every CHAOS answer disabled. */
    public static NodeIdentity hidden() {
        return new NodeIdentity(null, null, null);
    }
}
