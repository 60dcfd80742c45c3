package rootzone.eventlog;

import rootzone.events.AvroBytes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.KafkaException;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.access.KafkaConnection;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;

/**
 * Reads a zone's versions back from the versions topic with read_committed: only whole versions of
 * committed transactions are ever seen, and only those a trusted publisher key signed. Anything else
 * is a {@link Forgery}: skipped (it never becomes a head), logged, counted and handed to the caller's
 * sink where there is one. Each call uses its own consumer, so one VersionLog may be shared by threads.
 */
public final class VersionLog {

    private static final System.Logger LOG = System.getLogger(VersionLog.class.getName());

    private final KafkaConnection kafka;
    private final TrustedPublishers trusted;
    private final AtomicLong forgeriesSkipped = new AtomicLong();

    public VersionLog(KafkaConnection kafka, TrustedPublishers trusted) {
        this.kafka = Objects.requireNonNull(kafka);
        this.trusted = Objects.requireNonNull(trusted);
    }

    public TrustedPublishers trusted() {
        return trusted;
    }

    /** Forged events skipped by every read of this VersionLog so far. */
    public long forgeriesSkipped() {
        return forgeriesSkipped.get();
    }

    /**
     * Replays the zone's versions from {@code fromOffset} (0, or the offset after a version) up to the
     * end of the committed log as it is now, and returns the offset to continue from.
     */
    public long replay(String zone, long fromOffset, Consumer<LoggedVersion> onVersion) {
        return replay(zone, fromOffset, onVersion, f -> {});
    }

    /** As {@link #replay(String, long, Consumer)}, handing every forged event skipped to {@code onForgery}. */
    public long replay(String zone, long fromOffset, Consumer<LoggedVersion> onVersion, Consumer<Forgery> onForgery) {
        Objects.requireNonNull(onVersion);
        return read(zone, fromOffset, v -> {
            onVersion.accept(v);
            return true;
        }, onForgery, null, null);
    }

    /**
     * Delivers every version from {@code fromOffset} on, then waits for new ones, until {@code stop}
     * says so (checked at least every half second). Returns the offset to continue from. An exception
     * thrown by {@code onVersion} ends the loop and propagates.
     */
    public long follow(String zone, long fromOffset, Consumer<LoggedVersion> onVersion, BooleanSupplier stop) {
        return follow(zone, fromOffset, onVersion, f -> {}, stop);
    }

    /** As {@link #follow(String, long, Consumer, BooleanSupplier)}, handing forged events to {@code onForgery}. */
    public long follow(String zone, long fromOffset, Consumer<LoggedVersion> onVersion, Consumer<Forgery> onForgery,
                       BooleanSupplier stop) {
        return follow(zone, fromOffset, onVersion, onForgery, () -> {}, stop);
    }

    /**
     * As {@link #follow(String, long, Consumer, Consumer, BooleanSupplier)}, running {@code atEnd} whenever every
     * event the zone's partition held, as of its committed end last read, has been read (before the first poll
     * too): the follower has caught up with the log.
     */
    public long follow(String zone, long fromOffset, Consumer<LoggedVersion> onVersion, Consumer<Forgery> onForgery,
                       Runnable atEnd, BooleanSupplier stop) {
        Objects.requireNonNull(onVersion);
        Objects.requireNonNull(stop);
        Objects.requireNonNull(atEnd);
        return read(zone, fromOffset, v -> {
            onVersion.accept(v);
            return true;
        }, onForgery, atEnd, stop);
    }

    /** Every version of the zone, in order (the whole delta of each in memory: for small histories). */
    public List<LoggedVersion> versions(String zone) {
        List<LoggedVersion> all = new java.util.ArrayList<>();
        replay(zone, 0, all::add);
        return all;
    }

    /**
     * The zone as of {@code serial}, rebuilt by applying every version from the first, each verified
     * against its stated digest ({@link ZoneRebuild}; ZONEMD as present, as of each version's commit).
     *
     * @throws VersionMismatchException when a version does not verify
     * @throws EventLogException when the serial is not on the log
     */
    public Zone rebuild(String zone, long serial) {
        return rebuild(zone, null, serial);
    }

    /** As {@link #rebuild(String, long)}, starting from a snapshot (its serial must not be after {@code serial}). */
    public Zone rebuild(String zone, SnapshotReader.Snapshot from, long serial) {
        String key = ZoneKeys.normalize(zone);
        if (from != null && from.serial() == serial) {
            return from.zone();
        }
        ZoneRebuild rebuild = ZoneRebuild.from(ZoneKeys.origin(key), VersionPolicy.defaults(), Optional.ofNullable(from));
        read(key, rebuild.nextOffset(), v -> rebuild.accept(v).zone().serial() != serial, f -> {}, null, null);
        return rebuild.zone().filter(z -> z.serial() == serial).orElseThrow(() -> new EventLogException("serial " + serial
                + " of zone " + key + " is not on the versions topic" + (from != null ? " after the snapshot of serial " + from.serial() : "")));
    }

    /**
     * The zone's newest committed version, with a check of its whole history: every hash link of the
     * zone's events and every previousSerial link. Reads the zone's partition from the beginning.
     */
    public Optional<LastCommitted> lastCommitted(String zone) {
        String key = ZoneKeys.normalize(zone);
        ChainVerifier chains = new ChainVerifier(trusted);
        LastSeen seen = new LastSeen();
        try {
            LogReader.toEnd(kafka, "last-committed", LogSource.ofKey(Topics.VERSIONS, key), 0, e -> {
                if (key.equals(e.key())) {
                    chains.accept(e.topic(), e.partition(), e.offset(), e.key(), e.value());
                    if (ZoneVersionCommitted.class.equals(e.type())) {
                        seen.accept(key, e.offset(), e.as(ZoneVersionCommitted.class).orElseThrow());
                    }
                }
                return true;
            });
        } catch (KafkaException e) {
            throw new EventLogException("cannot read the versions of " + key + ": " + e.getMessage(), e);
        }
        if (seen.last == null) {
            return Optional.empty();
        }
        return Optional.of(new LastCommitted(seen.last.getSerial(), AvroBytes.toArray(seen.last.getContentDigest()),
                seen.lastOffset, seen.last, seen.versions, chains.firstBreak(), seen.serialProblem));
    }

    /** The trusted commits of a zone as {@link #lastCommitted} reads them, with the first previousSerial that does not link. */
    private final class LastSeen {
        ZoneVersionCommitted last;
        long lastOffset = -1;
        long versions;
        String serialProblem;

        void accept(String key, long offset, ZoneVersionCommitted c) {
            if (!trusted.verify(key, c).trusted()) {
                forgeriesSkipped.incrementAndGet();
                return; // a forgery, reported by the chain verifier; never the last version
            }
            if (serialProblem == null) {
                Long expected = last == null ? null : last.getSerial();
                if (!Objects.equals(expected, c.getPreviousSerial())) {
                    serialProblem = "offset " + offset + ": serial " + c.getSerial() + " states previous serial "
                            + c.getPreviousSerial() + " but the version before it is " + expected;
                }
            }
            last = c;
            lastOffset = offset;
            versions++;
        }
    }

    /**
     * The zone's ZoneVersionCommitted at exactly this offset of the versions topic, signed by a trusted
     * publisher; empty when the record there is gone, of another zone, not a commit or not trusted. One
     * record is read: a saved position is checked against the log without replaying it.
     */
    public Optional<ZoneVersionCommitted> committedAt(String zone, long offset) {
        return committedAt(zone, () -> java.util.OptionalLong.of(offset));
    }

    /**
     * As {@link #committedAt(String, long)}, the offset asked once the reader is connected: a caller reading
     * the saved position (an index snapshot) starts this beside it. Empty offset: empty, nothing read.
     */
    public Optional<ZoneVersionCommitted> committedAt(String zone, java.util.function.Supplier<java.util.OptionalLong> offset) {
        String key = ZoneKeys.normalize(zone);
        try {
            return LogReader.at(kafka, "committed-at", LogSource.ofKey(Topics.VERSIONS, key), offset)
                    .filter(e -> key.equals(e.key()))
                    .flatMap(e -> e.as(ZoneVersionCommitted.class))
                    .filter(c -> trusted.verify(key, c).trusted());
        } catch (KafkaException e) {
            throw new EventLogException("cannot read the versions of " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The offset of the zone's ZoneVersionCommitted with exactly this serial and content digest, signed
     * by a trusted publisher, searched from {@code fromOffset} to the end of the committed log as it is
     * now; empty when there is none. Chunks are skipped undecoded. This is how a publication's outcome
     * is answered from the log itself (committed or not), whoever wrote it and whenever.
     */
    public java.util.OptionalLong committedOffset(String zone, long serial, byte[] contentDigest, long fromOffset) {
        String key = ZoneKeys.normalize(zone);
        AtomicLong found = new AtomicLong(-1);
        try {
            LogReader.toEnd(kafka, "committed-offset", LogSource.ofKey(Topics.VERSIONS, key), Math.max(0, fromOffset), e -> {
                if (!key.equals(e.key()) || e.type() != ZoneVersionCommitted.class) {
                    return true;
                }
                ZoneVersionCommitted c = e.require(ZoneVersionCommitted.class);
                if (c.getSerial() == serial && java.util.Arrays.equals(AvroBytes.toArray(c.getContentDigest()), contentDigest)
                        && trusted.verify(key, c).trusted()) {
                    found.set(e.offset());
                    return false;
                }
                return true;
            });
        } catch (KafkaException e) {
            throw new EventLogException("cannot read the versions of " + key + ": " + e.getMessage(), e);
        }
        return found.get() < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(found.get());
    }

    /** The core loop: feeds versions to {@code onVersion} while it returns true; stop == null: to the current end. */
    /** @param atEnd with a stop, run when the reader has reached the end (see {@link LogReader#follow}) */
    private long read(String zone, long fromOffset, Predicate<LoggedVersion> onVersion, Consumer<Forgery> onForgery,
                      Runnable atEnd, BooleanSupplier stop) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("negative offset " + fromOffset);
        }
        Objects.requireNonNull(onForgery);
        String key = ZoneKeys.normalize(zone);
        VersionAssembler assembler = new VersionAssembler(key, trusted, f -> {
            forgeriesSkipped.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "skipping a forged event: " + f.describe());
            onForgery.accept(f);
        });
        LogSource source = LogSource.ofKey(Topics.VERSIONS, key);
        Predicate<LogEvent> each = e -> {
            LoggedVersion v = assembler.accept(e.partition(), e.offset(), e.key(), e.value());
            return v == null || onVersion.test(v);
        };
        try {
            return stop == null
                    ? LogReader.toEnd(kafka, "versions", source, fromOffset, each).values().stream().findFirst().orElse(fromOffset)
                    : LogReader.follow(kafka, "versions", source, fromOffset, stop, each, atEnd);
        } catch (KafkaException e) {
            throw new EventLogException("cannot read the versions of " + key + ": " + e.getMessage(), e);
        }
    }
}
