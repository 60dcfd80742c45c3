package rootzone.node.materialize;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.zone.Zone;

/**
 * What a node reads of its zone's log: the snapshot topic to bootstrap and resynchronise, the
 * versions topic to follow. {@link KafkaVersionSource} reads them through event-log; the rest of
 * the apply path does not know Kafka.
 */
public interface VersionSource {

    /**
     * The newest snapshot a trusted publisher signed, or empty when there is none or it is unusable
     * (a broken snapshot is only a cache: the versions topic has everything).
     *
     * @param onForgery told of each forged snapshot head skipped
     * @throws RuntimeException when the log cannot be reached (the follower retries)
     */
    Optional<SnapshotReader.Snapshot> latestSnapshot(Consumer<Forgery> onForgery);

    /** The publisher's snapshot taken with this very version (already digest-checked), or empty; never throws. */
    Optional<Zone> snapshotAt(LoggedVersion version);

    /**
     * Hands every version from {@code fromOffset} on to {@code onVersion}, and every forged event
     * skipped to {@code onForgery}, until {@code stop} says so.
     *
     * @throws RuntimeException when the log fails (the follower retries from the node's position)
     */
    void follow(long fromOffset, Consumer<LoggedVersion> onVersion, Consumer<Forgery> onForgery, BooleanSupplier stop);
}
