package rootzone.auditor.replay;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import rootzone.auditor.resume.ReplayPosition;
import rootzone.auditor.tlog.TransparencyLogs;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LogReader;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.RetryPause;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.access.KafkaConnection;

/**
 * After a restart from a replay position, what the event audit did not read again: once the auditor is
 * ready, the topics the event audit verifies are read in the background from their first offset up to the restart point.
 * Each event a transparency log describes is checked against its signed leaf as on the first reading
 * ({@link TransparencyLogs#reread}: a rewritten event is ENTRY_DOES_NOT_MATCH_EVENT, a leaf whose event
 * is gone ENTRY_WITHOUT_EVENT, an event with no leaf EVENT_WITHOUT_ENTRY, in the log's findings), and
 * the hash chains are walked again with a fresh verifier, which must end exactly at the tips the replay
 * position saved (a rewrite re-chained up to an intact last event is caught there). Ready does not wait
 * for it: it reads what a start from offset 0 would, at the same cost, off the start-up path.
 */
public final class RestartReread implements Runnable {

    private static final Logger LOG = Logger.getLogger(RestartReread.class);
    private static final Set<Class<?>> LOGGED = Set.of(ZoneVersionCommitted.class, VersionRejected.class, OperatorChanged.class,
            NoticeEvent.class);

    /** Where the re-read is (JSON property {@code state}). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "state")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = State.NotNeeded.class, name = "NOT_NEEDED"),
            @JsonSubTypes.Type(value = State.Waiting.class, name = "WAITING"),
            @JsonSubTypes.Type(value = State.Reading.class, name = "READING"),
            @JsonSubTypes.Type(value = State.Done.class, name = "DONE"),
            @JsonSubTypes.Type(value = State.Failed.class, name = "FAILED")})
    public sealed interface State {
        /** This start read everything from offset 0: nothing lies below a restart point. */
        record NotNeeded() implements State {}

        /** Until the auditor is ready. */
        record Waiting() implements State {}

        /** @param below per "topic-partition", the restart point (the re-read stops before it) */
        record Reading(Map<String, Long> below, long read) implements State {}

        /**
         * @param judged events checked against their leaves
         * @param chainFindings what the fresh walk of the hash chains found (empty: they hold and end at
         *     the saved tips); the leaves' findings are their logs'
         */
        record Done(Map<String, Long> below, long read, long judged, List<String> chainFindings, long millis) implements State {
            public Done {
                chainFindings = List.copyOf(chainFindings);
            }
        }

        /** The log could not be read (not retried: findings would be doubled); a next restart reads again. */
        record Failed(Map<String, Long> below, String error) implements State {}
    }

    private final KafkaConnection kafka;
    private final TrustedPublishers trusted;
    private final EventAuditor events;
    private final TransparencyLogs logs;
    private final BooleanSupplier ready;
    private volatile State state = new State.Waiting();
    private volatile boolean stopped;

    /** @param ready when the auditor is ready (the re-read starts then, so that it does not delay it) */
    public RestartReread(KafkaConnection kafka, TrustedPublishers trusted, EventAuditor events, TransparencyLogs logs,
                         BooleanSupplier ready) {
        this.kafka = kafka;
        this.trusted = trusted;
        this.events = events;
        this.logs = logs;
        this.ready = ready;
    }

    public State state() {
        return state;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped && !(events.caughtUp() && ready.getAsBoolean())) {
            RetryPause.of(Duration.ofMillis(200), () -> stopped);
        }
        if (stopped) {
            return;
        }
        ReplayPosition at = events.restartPoint().orElse(null);
        if (at == null) {
            state = new State.NotNeeded();
            return;
        }
        Map<TopicPartition, Long> below = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        at.positions().forEach((tp, offset) -> {
            TopicPartition p = EventAuditor.topicPartition(tp);
            if (EventAuditor.verifiedTopics().contains(p.topic())) {
                below.put(p, offset);
            }
        });
        Map<String, Long> shown = new TreeMap<>();
        below.forEach((tp, o) -> shown.put(tp.toString(), o));
        try {
            read(at, below, shown);
        } catch (RuntimeException e) {
            state = new State.Failed(shown, e.toString());
            LOG.errorf("re-read below the restart point %s failed (a rewrite there is not judged until the next restart): %s", shown, e);
        }
    }

    private void read(ReplayPosition at, Map<TopicPartition, Long> below, Map<String, Long> shown) {
        long t0 = System.nanoTime();
        state = new State.Reading(shown, 0);
        ChainVerifier chains = new ChainVerifier(trusted);
        long[] read = {0};
        long[] judged = {0};
        Map<TopicPartition, Long> first = beginnings(below.keySet());
        for (Map.Entry<TopicPartition, Long> p : below.entrySet()) {
            long stop = p.getValue();
            long from = first.getOrDefault(p.getKey(), 0L);
            if (from >= stop || stopped) {
                continue;
            }
            LogReader.toEnd(kafka, "auditor-reread", new LogSource.Partition(p.getKey().topic(), p.getKey().partition()), from, e -> {
                if (e.offset() >= stop || stopped) {
                    return false;
                }
                if (++read[0] % 10_000 == 0) {
                    state = new State.Reading(shown, read[0]);
                }
                if (e.value() == null) {
                    return true;
                }
                chains.accept(e.topic(), e.partition(), e.offset(), e.key(), e.value());
                if (LOGGED.contains(e.type())) {
                    SpecificRecord event = e.event().orElse(null);
                    if (event != null) {
                        logs.reread(e.topic(), e.offset(), event, e.hash());
                        judged[0]++;
                    }
                }
                return true;
            });
        }
        if (stopped) {
            return;
        }
        logs.rereadDone();
        List<String> found = chainFindings(at, chains);
        found.forEach(f -> LOG.errorf("below the restart point: %s", f));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        state = new State.Done(shown, read[0], judged[0], found, ms);
        LOG.infof("re-read below the restart point %s: %d events in %d ms, %d checked against their leaves, chains %s", shown, read[0],
                ms, judged[0], found.isEmpty() ? "hold" : "broken");
    }

    /** The fresh walk must find no break, no forgery the saved state lacks, and end at the saved tips. */
    private static List<String> chainFindings(ReplayPosition at, ChainVerifier chains) {
        List<String> out = new ArrayList<>();
        chains.firstBreak().ifPresent(b -> out.add("hash chain broken: " + b));
        Set<Forgery> saved = new HashSet<>(at.forgeries());
        chains.forgeries().stream().filter(f -> !saved.contains(f)).forEach(f -> out.add("forged event: " + f.describe()));
        if (out.isEmpty() && at.firstBreak() == null) {
            Set<ChainVerifier.Tip> now = new HashSet<>(chains.tips());
            Set<ChainVerifier.Tip> before = new HashSet<>(at.tips());
            if (!now.equals(before)) {
                Set<ChainVerifier.Tip> missing = new HashSet<>(before);
                missing.removeAll(now);
                Set<ChainVerifier.Tip> other = new HashSet<>(now);
                other.removeAll(before);
                out.add("the chains read again end elsewhere than the replay position verified: saved tips not reached " + missing
                        + ", tips found instead " + other);
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> beginnings(Set<TopicPartition> partitions) {
        Map<String, Object> p = kafka.clientProperties();
        p.put("client.id", "rootzone-auditor-reread-begin");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Assigned first: asked of unassigned partitions, the client logs a warning per partition
            // ("Not updating high watermark ... no longer assigned") on every restart.
            c.assign(partitions);
            return c.beginningOffsets(partitions, Duration.ofSeconds(30));
        }
    }
}
