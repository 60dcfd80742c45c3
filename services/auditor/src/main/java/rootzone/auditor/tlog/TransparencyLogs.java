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
import rootzone.events.LogCheckpoint;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.tlog.note.VerifierKey;

/**
 * Every transparency log the auditor replays: one per audited zone and the coordination log, each a
 * {@link LogReplay} under {@code <data-dir>/log/<name>}, with the log keys and witness keys of the
 * configuration. The event audit hands it every event it reads ({@link #accept}).
 */
public final class TransparencyLogs {

    private final Map<String, LogReplay> logs = new LinkedHashMap<>();

    /**
     * @param zones     the audited zones (normalized keys)
     * @param logKeys   the log operators' verifier keys (by name = origin)
     * @param witnesses the nodes' witness verifier keys (by name)
     */
    public TransparencyLogs(List<String> zones, String prefix, List<VerifierKey> logKeys, List<VerifierKey> witnesses, Path dataDir) {
        Map<String, VerifierKey> keys = byName(logKeys);
        Map<String, VerifierKey> w = byName(witnesses);
        List<String> names = new ArrayList<>(zones.stream().map(LogNames::of).toList());
        names.add(LogNames.COORDINATION);
        for (String name : names) {
            String origin = LogNames.origin(prefix, name);
            logs.put(name, LogReplay.open(name, origin, Optional.ofNullable(keys.get(origin)), w, dataDir.resolve("log").resolve(name)));
        }
    }

    /**
     * Verifier keys from configuration: each value is a key's text ({@code name+hash+base64}) or a file
     * holding one (./rootzone up passes {@code <data>/keys/log-*.vkey}).
     *
     * @throws IllegalArgumentException naming the value that is neither
     */
    public static List<VerifierKey> readKeys(List<String> values) {
        List<VerifierKey> out = new ArrayList<>();
        for (String v : values) {
            String text = v.trim();
            if (text.isEmpty()) {
                continue;
            }
            Path file = Path.of(text);
            if (!text.contains("+") || Files.isRegularFile(file)) {
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new IllegalArgumentException(v + " is neither a verifier key nor a readable file: " + e.getMessage(), e);
                }
            }
            out.add(VerifierKey.parse(text));
        }
        return out;
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

    /** Whether a store was not trusted at open: the checkpoint topics must then be read from offset 0. */
    public boolean anyReset() {
        return logs.values().stream().anyMatch(LogReplay::reset);
    }

    /** An event read by the event audit, with its encoded value (for the event-sha256 of the entries). */
    public void accept(String topic, long offset, SpecificRecord event, byte[] value, byte[] eventSha256) {
        if (event instanceof LogCheckpoint c) {
            String name = Topics.COORDINATION_LOG_CHECKPOINTS.equals(topic) ? LogNames.COORDINATION : nameOf(c);
            LogReplay log = logs.get(name);
            if (log != null) {
                log.checkpoint(c, offset);
            }
            return;
        }
        if (event instanceof NodeApplied a) {
            LogReplay log = logs.get(LogNames.of(a.getEnvelope().getZone()));
            if (log != null) {
                log.applied(a);
            }
            return;
        }
        EventFacts.of(event, eventSha256).ifPresent(f -> {
            LogReplay log = logs.get(f.log());
            if (log != null) {
                log.event(f, topic, offset, value);
            }
        });
    }

    /** A zone's LogCheckpoint names its log by its origin's last path element (the contract's log name). */
    private String nameOf(LogCheckpoint c) {
        String origin = c.getOrigin();
        for (LogReplay l : logs.values()) {
            if (l.origin().equals(origin)) {
                return l.name();
            }
        }
        return LogNames.of(c.getEnvelope().getZone());
    }

    /** @throws NoSuchElementException when no such log is replayed here */
    public LogReplay log(String name) {
        LogReplay l = logs.get(name);
        if (l == null) {
            throw new NoSuchElementException("no transparency log " + name + " here (logs: " + logs.keySet() + ")");
        }
        return l;
    }

    public List<LogReplay> all() {
        return List.copyOf(logs.values());
    }

    /** Every finding of every log, the unpaired leaves and events judged against caughtUpSince (see LogReplay#unpaired). */
    public List<LogFinding> findings(long caughtUpSince) {
        List<LogFinding> out = new ArrayList<>();
        for (LogReplay l : logs.values()) {
            out.addAll(findingsOf(l, caughtUpSince));
        }
        return out;
    }

    /** One log's findings, its unpaired leaves and events judged against caughtUpSince. */
    public List<LogFinding> findingsOf(LogReplay l, long caughtUpSince) {
        List<LogFinding> out = new ArrayList<>(l.findings());
        out.addAll(l.unpaired(caughtUpSince));
        return out;
    }

    public List<LogReplay.Unpaired> unpairedState() {
        return logs.values().stream().map(LogReplay::unpairedState).toList();
    }

    public void restore(List<LogReplay.Unpaired> state) {
        for (LogReplay.Unpaired u : state) {
            LogReplay l = logs.get(u.log());
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
