package rootzone.eventlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.xbill.DNS.Record;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionChunk;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.ZoneDiff;

/**
 * Reassembles versions from one zone's records of the versions topic, fed in offset order. Chunks are
 * grouped per producer: two writers of the same zone may interleave on the partition, but each one's
 * chunks and closing event are in its own transaction.
 *
 * <p>Only versions whose ZoneVersionCommitted a trusted publisher key signed are returned. Anything
 * else (an unsigned or wrongly signed commit with its chunks, chunks never committed) is a forgery:
 * handed to the sink, skipped, never a version. As anyone who can write to the topic can claim any
 * producer name, a forger's chunks may sit among the publisher's: a commit takes, per index, the
 * latest chunk of its own serial, and the publisher's content digest then judges the result.
 */
final class VersionAssembler {

    private record Pending(long offset, ZoneVersionChunk chunk) {}

    private final String zone;
    private final TrustedPublishers trusted;
    private final Consumer<Forgery> forgeries;
    private final EventCodec codec = EventCodec.get();
    private final Map<String, List<Pending>> pending = new HashMap<>();
    private int partition;

    VersionAssembler(String zone, TrustedPublishers trusted, Consumer<Forgery> forgeries) {
        this.zone = zone;
        this.trusted = Objects.requireNonNull(trusted);
        this.forgeries = Objects.requireNonNull(forgeries);
    }

    /**
     * Feeds one record; returns the trusted version it completes, or null.
     *
     * @throws EventLogException when a trusted version is not well-formed on the log, or a record is
     *     not an event of the versions topic
     */
    LoggedVersion accept(int partition, long offset, String key, byte[] value) {
        if (!zone.equals(key)) {
            return null;
        }
        this.partition = partition;
        SpecificRecord event;
        try {
            event = codec.decode(value);
        } catch (RuntimeException e) {
            throw corrupt(offset, "undecodable value: " + e.getMessage());
        }
        String producer = EventCodec.envelopeOf(event).getProducer();
        List<Pending> chunks = pending.computeIfAbsent(producer, p -> new ArrayList<>());
        if (event instanceof ZoneVersionChunk chunk) {
            chunks.add(new Pending(offset, chunk));
            return null;
        }
        if (event instanceof ZoneVersionCommitted committed) {
            List<Pending> own = new ArrayList<>();
            List<Pending> others = new ArrayList<>();
            for (Pending p : chunks) {
                (belongsTo(p.chunk(), committed) ? own : others).add(p);
            }
            Verdict verdict = trusted.verify(zone, committed);
            if (verdict instanceof Verdict.Untrusted untrusted) {
                chunks.retainAll(others);
                for (Pending p : own) {
                    forged(p.offset(), producer, "ZoneVersionChunk", p.chunk().getSerial(),
                            "chunk of the forged version at offset " + offset);
                }
                forged(offset, producer, "ZoneVersionCommitted", committed.getSerial(), untrusted.why());
                return null;
            }
            // A trusted commit closes its producer's transaction: what else is pending under that name
            // was never committed by the publisher.
            pending.remove(producer);
            for (Pending p : others) {
                forged(p.offset(), producer, "ZoneVersionChunk", p.chunk().getSerial(),
                        "chunk under the publisher's name that no signed version of its serial closes");
            }
            return assemble(offset, committed, own);
        }
        throw corrupt(offset, event.getClass().getSimpleName() + " does not belong on the versions topic");
    }

    private static boolean belongsTo(ZoneVersionChunk c, ZoneVersionCommitted committed) {
        return c.getSerial() == committed.getSerial() && c.getChunkCount() == committed.getChunkCount()
                && Objects.equals(c.getPreviousSerial(), committed.getPreviousSerial());
    }

    private void forged(long offset, String producer, String type, Long serial, String why) {
        forgeries.accept(new Forgery(Topics.VERSIONS, partition, offset, zone, producer, type, serial, why));
    }

    private LoggedVersion assemble(long offset, ZoneVersionCommitted committed, List<Pending> own) {
        ZoneVersionChunk[] byIndex = new ZoneVersionChunk[Math.max(0, committed.getChunkCount())];
        for (Pending p : own) {
            int i = p.chunk().getChunkIndex();
            if (i < 0 || i >= byIndex.length) {
                throw corrupt(offset, "chunk index " + i + " of serial " + committed.getSerial() + " outside 0.." + byIndex.length);
            }
            byIndex[i] = p.chunk(); // the latest of an index wins, as in its transaction
        }
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        for (int i = 0; i < byIndex.length; i++) {
            ZoneVersionChunk c = byIndex[i];
            if (c == null) {
                throw corrupt(offset, "serial " + committed.getSerial() + " states " + committed.getChunkCount()
                        + " chunks but chunk " + i + " does not precede it");
            }
            try {
                removed.addAll(RecordWire.decode(c.getRemoved()));
                added.addAll(RecordWire.decode(c.getAdded()));
            } catch (IllegalArgumentException e) {
                throw corrupt(offset, "chunk " + c.getChunkIndex() + " of serial " + committed.getSerial() + ": " + e.getMessage());
            }
        }
        if (removed.size() != committed.getRemovedCount() || added.size() != committed.getAddedCount()) {
            throw corrupt(offset, "serial " + committed.getSerial() + " states " + committed.getRemovedCount()
                    + " removed / " + committed.getAddedCount() + " added records, chunks hold "
                    + removed.size() + " / " + added.size());
        }
        long from = committed.getPreviousSerial() == null ? 0 : committed.getPreviousSerial();
        return new LoggedVersion(offset, committed, new ZoneDiff(from, committed.getSerial(), removed, added));
    }

    private EventLogException corrupt(long offset, String what) {
        return new EventLogException("versions topic, zone " + zone + ", offset " + offset + ": " + what);
    }
}
