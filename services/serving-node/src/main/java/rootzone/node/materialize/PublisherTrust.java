package rootzone.node.materialize;

import java.util.List;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.TrustedPublishers;

/**
 * The node's first check, before anything is applied: was the version (or the snapshot the node
 * bootstraps from) signed by a publisher key this node trusts? The check itself runs where versions
 * and snapshots are read (event-log VersionLog and SnapshotReader, with these keys); this class holds
 * the node's keys and says how a refusal reads. Kept apart from {@link NodePolicy}, which judges the
 * content of versions that passed this one.
 */
public final class PublisherTrust {

    private final TrustedPublishers keys;

    public PublisherTrust(TrustedPublishers keys) {
        this.keys = keys;
    }

    /**
     * The node's trusted keys from configuration (base64 public keys or files; several, for rotation).
     *
     * @throws IllegalStateException when none is configured or one does not load: a node that trusted
     *     every writer of the topic would serve whatever anyone wrote there
     */
    public static PublisherTrust configured(List<String> specs) {
        if (specs.stream().allMatch(String::isBlank)) {
            throw new IllegalStateException("rootzone.node.trusted-publisher-keys is not set: a serving node needs the public"
                    + " key(s) of the publisher whose versions it may serve (base64 X.509 or files; ./rootzone up sets it)");
        }
        try {
            return new PublisherTrust(TrustedPublishers.of(KeyFiles.readPublicKeys(specs)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.node.trusted-publisher-keys: " + e.getMessage(), e);
        }
    }

    public TrustedPublishers keys() {
        return keys;
    }

    /** How the node refuses a forged version or snapshot head. */
    public static Refusal rejection(Forgery f) {
        return new Refusal(rootzone.events.RejectReason.UNTRUSTED_PUBLISHER, (f.serial() == null ? "" : "serial " + f.serial() + " ") + "at "
                + f.topic() + "-" + f.partition() + "@" + f.offset() + " (claiming producer " + f.producer() + "): " + f.why());
    }
}
