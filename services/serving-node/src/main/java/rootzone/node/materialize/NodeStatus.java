package rootzone.node.materialize;

import java.time.Instant;

/**
 * What a node serves and how far it has read the log, as one consistent snapshot.
 *
 * @param servedSerial serial served, or -1 before the first verified version
 * @param servedOffset offset of the served version's ZoneVersionCommitted, or -1
 * @param servedDigest hex content digest of the served version, or null
 * @param headSerial serial of the newest version read from the log (served or not), or -1
 * @param headOffset its offset, or -1
 * @param behind committed versions on the versions topic after the served one, up to the topic's end
 *     (rejected, being verified, or not read yet): the node's lag in versions
 * @param lastApplied when the served version was switched in (or restored at start), or null
 * @param rejections versions this node refused since it started
 * @param connected whether the log is being followed right now (false while Kafka is unreachable)
 */
public record NodeStatus(long servedSerial, long servedOffset, String servedDigest, long headSerial, long headOffset,
                         long behind, Instant lastApplied, long rejections, boolean connected) {

    public static final NodeStatus NOTHING = new NodeStatus(-1, -1, null, -1, -1, 0, null, 0, false);

    public NodeStatus withBehind(long versions) {
        return new NodeStatus(servedSerial, servedOffset, servedDigest, headSerial, headOffset, versions, lastApplied,
                rejections, connected);
    }

    public boolean serving() {
        return servedSerial >= 0;
    }
}
