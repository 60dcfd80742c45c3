package rootzone.eventlog;

import java.util.Optional;
import rootzone.events.ZoneVersionCommitted;

/**
 * The newest version of a zone on the versions topic, and whether the history before it holds.
 *
 * @param offset offset of its ZoneVersionCommitted
 * @param chainBreak the first hash-chain break among the zone's events, if any
 * @param serialProblem the first version whose previousSerial is not the serial before it, or null
 */
public record LastCommitted(long serial, byte[] contentDigest, long offset, ZoneVersionCommitted committed,
                            long versions, Optional<ChainBreak> chainBreak, String serialProblem) {

    public LastCommitted {
        contentDigest = contentDigest.clone();
    }

    @Override
    public byte[] contentDigest() {
        return contentDigest.clone();
    }

    /** True when every hash link and every serial link up to this version holds. */
    public boolean intact() {
        return chainBreak.isEmpty() && serialProblem == null;
    }
}
