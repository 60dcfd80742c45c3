package rootzone.auditor.tlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.tlog.LogKeys;
import rootzone.eventlog.tlog.LogNames;
import rootzone.events.LogCheckpoint;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.tlog.note.VerifierKey;

/**
 * Every transparency log the auditor replays: one per audited zone and the coordination log, each a
 * {@link AuditedLog} under {@code <data-dir>/log/<name>}, with the log keys and witness keys of the
 * configuration. The event audit hands it every event it reads ({@link #accept}).
 */
public final class TransparencyLogs {

    private final Map<String, AuditedLog> logs = new LinkedHashMap<>();
    private final String prefix;

    /**
     * @param zones     the audited zones (normalized keys)
     * @param logKeys   the log operators' verifier keys (by name = origin)
     * @param witnesses the nodes' witness verifier keys (by name)
     */
    public TransparencyLogs(List<String> zones, String prefix, List<VerifierKey> logKeys, List<VerifierKey> witnesses, Path dataDir) {
        Map<String, VerifierKey> keys = byName(logKeys);
        Map<String, VerifierKey> w = byName(witnesses);
        this.prefix = prefix;
        List<LogNames> names = new ArrayList<>(zones.stream().map(z -> LogNames.zone(prefix, z)).toList());
        names.add(LogNames.coordination(prefix));
        for (LogNames n : names) {
            logs.put(n.name(), AuditedLog.open(n.name(), n.origin(), Optional.ofNullable(keys.get(n.origin())), w,
                    dataDir.resolve("log").resolve(n.name())));
        }
    }

    /**
     * Verifier keys from configuration: each value is a key's text ({@code name+hash+base64}) or a file
     * holding one (./rootzone up passes {@code <data>/keys/log-*.vkey}).
     *
     * @throws IllegalArgumentException naming the value that is neither
     */
    public static List<VerifierKey> readKeys(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).map(LogKeys::readVerifierKey).toList();
    }

    private static Map<String, VerifierKey> byName(List<VerifierKey> keys) {
        Map<String, VerifierKey> out = new LinkedHashMap<>();
        for (VerifierKey k : keys) {
            if (out.put(k.name(), k) != null) {
                throw new IllegalArgumentException("two keys named " + k.name());
            }
        }
        return out;
    }

    /**
     * The witness policy of the configuration (C2SP tlog-policy text), or when there is none the one
     * the keys make: every log key, every witness key, and a quorum of any one witness (none when no
     * witness key is configured).
     */
    public static rootzone.tlog.note.WitnessPolicy policy(Optional<String> text, List<VerifierKey> logKeys, List<VerifierKey> witnesses) {
        if (text.isPresent()) {
            return rootzone.tlog.note.WitnessPolicy.parse(text.get());
        }
        StringBuilder b = new StringBuilder();
        logKeys.forEach(k -> b.append("log ").append(k.text()).append('\n'));
        List<String> names = new ArrayList<>();
        for (VerifierKey w : witnesses) {
            names.add("w" + names.size());
            b.append("witness ").append(names.get(names.size() - 1)).append(' ').append(w.text()).append('\n');
        }
        if (names.isEmpty()) {
            b.append("quorum none\n");
        } else {
            b.append("group nodes any ").append(String.join(" ", names)).append("\nquorum nodes\n");
        }
        return rootzone.tlog.note.WitnessPolicy.parse(b.toString());
    }

    /** Whether a store was not trusted at open: the checkpoint topics must then be read from offset 0. */
    public boolean anyReset() {
        return logs.values().stream().anyMatch(AuditedLog::reset);
    }

    /** An event read by the event audit, with its encoded value (for the event-sha256 of the entries). */
    public void accept(String topic, long offset, SpecificRecord event, byte[] value, byte[] eventSha256) {
        if (event instanceof LogCheckpoint c) {
            String name = Topics.COORDINATION_LOG_CHECKPOINTS.equals(topic) ? LogNames.COORDINATION : nameOf(c);
            AuditedLog log = logs.get(name);
            if (log != null) {
                log.checkpoint(c, offset);
            }
            return;
        }
        if (event instanceof NodeApplied a) {
            AuditedLog log = logs.get(LogNames.zone(prefix, a.getEnvelope().getZone()).name());
            if (log != null) {
                log.applied(a);
            }
            return;
        }
        EventFacts.of(event, eventSha256).ifPresent(f -> logOf(f).ifPresent(log -> log.event(f, topic, offset, value)));
    }

    /**
     * An event read again below the restart point (replay.RestartReread), checked against its signed leaf
     * ({@link AuditedLog#reread}); checkpoints and node applications are not read again.
     */
    public void reread(String topic, long offset, SpecificRecord event, byte[] eventSha256) {
        EventFacts.of(event, eventSha256).ifPresent(f -> logOf(f).ifPresent(log -> log.reread(f, topic, offset)));
    }

    /** The log that holds an event's leaf: its zone's, or the coordination log; empty for a zone not audited here. */
    private Optional<AuditedLog> logOf(EventFacts f) {
        return Optional.ofNullable(logs.get(f.zone().map(z -> LogNames.zone(prefix, z)).orElse(LogNames.coordination(prefix)).name()));
    }

    /** The re-read below the restart point is over: leaves whose event it did not find are reported. */
    public void rereadDone() {
        logs.values().forEach(AuditedLog::rereadDone);
    }

    /** A zone's LogCheckpoint names its log by its origin's last path element (the contract's log name). */
    private String nameOf(LogCheckpoint c) {
        String origin = c.getOrigin();
        for (AuditedLog l : logs.values()) {
            if (l.origin().equals(origin)) {
                return l.name();
            }
        }
        return LogNames.zone(prefix, c.getEnvelope().getZone()).name();
    }

    /** @throws NoSuchElementException when no such log is replayed here */
    public AuditedLog log(String name) {
        AuditedLog l = logs.get(name);
        if (l == null) {
            throw new NoSuchElementException("no transparency log " + name + " here (logs: " + logs.keySet() + ")");
        }
        return l;
    }

    public List<AuditedLog> all() {
        return List.copyOf(logs.values());
    }

    /** Every finding of every log, the unpaired leaves and events judged against caughtUpSince (see AuditedLog#unpaired). */
    public List<LogFinding> findings(long caughtUpSince) {
        List<LogFinding> out = new ArrayList<>();
        for (AuditedLog l : logs.values()) {
            out.addAll(findingsOf(l, caughtUpSince));
        }
        return out;
    }

    /** One log's findings, its unpaired leaves and events judged against caughtUpSince. */
    public List<LogFinding> findingsOf(AuditedLog l, long caughtUpSince) {
        List<LogFinding> out = new ArrayList<>(l.findings());
        out.addAll(l.unpaired(caughtUpSince));
        return out;
    }

    public List<AuditedLog.Unpaired> unpairedState() {
        return logs.values().stream().map(AuditedLog::unpairedState).toList();
    }

    public void restore(List<AuditedLog.Unpaired> state) {
        for (AuditedLog.Unpaired u : state) {
            AuditedLog l = logs.get(u.log());
            if (l != null) {
                l.restore(u);
            }
        }
    }

    /** Log sizes now, by name: saved with the event audit's positions so a store behind them is noticed. */
    public Map<String, Long> sizes() {
        Map<String, Long> out = new LinkedHashMap<>();
        logs.forEach((n, l) -> out.put(n, l.tree().size()));
        return out;
    }

}
