package rootzone.eventlog;

import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.events.Topics;
import rootzone.events.ZoneSnapshotHead;
import rootzone.events.ZoneVersionCommitted;

/**
 * Which events in the log carrying this writer's producer name the writer may take as its own when it
 * recovers a chain tip. The producer name in an envelope is only a claim: whoever can write to a topic
 * can claim it. A writer that adopted a forger's event as its tip would chain its next event to the
 * forgery, so the forgery could no longer be told from the real chain.
 */
@FunctionalInterface
public interface OwnEvents {

    boolean isOurs(String topic, String key, SpecificRecord event);

    /** Every event with our producer name (writers whose events are not signed: nodes, coordination). */
    OwnEvents ANY = (topic, key, event) -> true;

    /**
     * The publisher's: on the versions topic the tip of a real chain is always a signed
     * ZoneVersionCommitted (it closes every version's transaction), on the snapshot topic's zone key
     * a signed ZoneSnapshotHead; anything else there claiming our name is not ours. Snapshot chunks
     * and rejections carry no publisher signature (and snapshot chains are not checked: compaction).
     */
    static OwnEvents signedBy(TrustedPublishers trusted) {
        return (topic, key, event) -> {
            if (Topics.VERSIONS.equals(topic)) {
                return event instanceof ZoneVersionCommitted c && trusted.verify(key, c).trusted();
            }
            if (event instanceof ZoneSnapshotHead h) {
                return trusted.verify(key, h).trusted();
            }
            return true;
        };
    }
}
