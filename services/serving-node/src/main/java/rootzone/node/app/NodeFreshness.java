package rootzone.node.app;

/**
 * How current the node's answers are, as a secondary server would judge it (RFC 1035 §3.3.13,
 * RFC 1996): whether the log can be reached, how long and by how many versions the node is behind,
 * and whether its version is still within the zone's SOA expire since it was last confirmed (the
 * last answer from the log). Past the expire a secondary stops answering for the zone; the node
 * reports itself not ready instead, so that traffic goes elsewhere.
 *
 * @param kafkaReachable whether the log answered within the last few seconds
 * @param unreachableSeconds seconds since the log last answered (0 while it answers)
 * @param secondsBehind seconds since the node last knew it served the newest committed version
 * @param versionsBehind committed versions after the served one, as last seen
 * @param expireSeconds the served version's SOA expire, 0 before the first version
 * @param withinExpire serving, and last confirmed less than the SOA expire ago
 */
public record NodeFreshness(boolean kafkaReachable, long unreachableSeconds, long secondsBehind, long versionsBehind,
                            long expireSeconds, boolean withinExpire) {

    /**
     * @param lastContact when the log last answered
     * @param lastCurrent when the node last knew it served the newest committed version
     * @param startedAt the node's start: what counts as last confirmation before the log has answered
     * @param expireSeconds the served version's SOA expire
     */
    public static NodeFreshness of(rootzone.node.materialize.NodeStatus status, boolean reachable,
            java.util.Optional<java.time.Instant> lastContact, java.util.Optional<java.time.Instant> lastCurrent,
            java.time.Instant startedAt, long expireSeconds, java.time.Instant now) {
        java.time.Instant confirmed = lastContact.orElse(startedAt);
        long unreachable = reachable ? 0 : java.time.Duration.between(confirmed, now).toSeconds();
        long behind = java.time.Duration.between(lastCurrent.orElse(startedAt), now).toSeconds();
        boolean within = status.serving() && java.time.Duration.between(confirmed, now).toSeconds() < expireSeconds;
        return new NodeFreshness(reachable, unreachable, behind, status.behind(), expireSeconds, within);
    }

    /** Serving stale or possibly stale answers: the log is away, or newer versions are not served yet. */
    public boolean degraded() {
        return !kafkaReachable || versionsBehind > 0;
    }
}
