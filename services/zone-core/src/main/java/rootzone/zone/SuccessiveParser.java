package rootzone.zone;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Parses successive versions of one zone's master file, each against the file before it: consecutive
 * root zones differ by a few lines of 22,000 (median 6), so only the lines that changed are parsed and
 * applied to the previous Zone as a {@link ZoneDiff} (which also comes out of it, for free).
 *
 * <p>That is exact only for a file whose every record line stands alone: owner, TTL and class
 * explicit, the owner absolute, no parentheses, no directives ($ORIGIN, $TTL, ...). Then a line means
 * the same record wherever it stands (RFC 1035 §5.1 defaults come only from earlier lines), as the
 * root zone files of IANA and of the archives are written. Anything else (a line that leans on an
 * earlier one, a duplicate line, two lines of one record, gzip) is parsed whole, as
 * {@link ZoneParser} does; the result is the same Zone either way, only slower.
 *
 * <p>Not thread-safe: one instance follows one sequence of versions.
 */
public final class SuccessiveParser {

    /**
     * @param diff from the previous version parsed by this instance (from the empty zone for the first)
     * @param incremental whether only the changed lines were parsed
     */
    public record Parsed(Zone zone, ZoneDiff diff, boolean incremental) {}

    private final Name origin;
    private final ZoneLimits limits;
    private Zone previous;
    /** Each record line of the previous file and its record: one to one; null when that file did not qualify. */
    private Map<String, Record> byLine;

    public SuccessiveParser(Name origin, ZoneLimits limits) {
        this.origin = origin;
        this.limits = limits;
    }

    /** The next version: only its changed lines parsed when both it and the previous file qualify. */
    public Parsed next(byte[] text, String sourceName) throws ZoneException {
        if (text.length > limits.maxBytes()) {
            throw new ZoneTooLargeException(sourceName + ": " + text.length + " bytes, more than the limit of "
                    + limits.maxBytes() + " bytes", 0);
        }
        List<String> lines = recordLines(text);
        if (previous != null && byLine != null && lines != null) {
            Parsed p = incremental(lines, sourceName);
            if (p != null) {
                return p;
            }
        }
        return whole(text, lines, sourceName);
    }

    private Parsed whole(byte[] text, List<String> lines, String sourceName) throws ZoneException {
        Zone zone = ZoneParser.parse(text, origin, sourceName, limits);
        ZoneDiff diff = ZoneDiff.between(previous != null ? previous : Zone.of(zone.origin(), List.of()), zone);
        previous = zone;
        byLine = lines == null ? null : index(zone, text);
        return new Parsed(zone, diff, false);
    }

    /** Lines to records from the full parse, when every record came from its own distinct line. */
    private static Map<String, Record> index(Zone zone, byte[] text) {
        List<String> all = new String(text, StandardCharsets.ISO_8859_1).lines().toList();
        Map<String, Record> out = new HashMap<>(zone.size() * 2);
        int recordLines = 0;
        for (String line : all) {
            if (isRecordLine(line)) {
                recordLines++;
            }
        }
        if (recordLines != zone.size()) {
            return null; // a duplicate line or record: follow by whole parses
        }
        for (Record r : zone.records()) {
            int line = zone.lineOf(r);
            if (line < 1 || line > all.size() || out.put(all.get(line - 1), r) != null) {
                return null;
            }
        }
        return out;
    }

    private Parsed incremental(List<String> lines, String sourceName) throws ZoneException {
        Set<String> seen = new HashSet<>(lines.size() * 2);
        List<String> addedLines = new ArrayList<>();
        for (String line : lines) {
            if (!seen.add(line)) {
                return null;
            }
            if (!byLine.containsKey(line)) {
                addedLines.add(line);
            }
        }
        if (lines.size() > limits.maxRecords()) {
            throw new ZoneTooLargeException(sourceName + ": more than the limit of " + limits.maxRecords() + " records", 0);
        }
        List<String> removedLines = new ArrayList<>();
        List<Record> removed = new ArrayList<>();
        for (Map.Entry<String, Record> e : byLine.entrySet()) {
            if (!seen.contains(e.getKey())) {
                removedLines.add(e.getKey());
                removed.add(e.getValue());
            }
        }
        removed.sort(CanonicalOrder.RECORDS);
        Zone addedZone = ZoneParser.parse(String.join("\n", addedLines).getBytes(StandardCharsets.ISO_8859_1), previous.origin(),
                sourceName + " (changed lines)", limits);
        if (addedZone.size() != addedLines.size()) {
            return null;
        }
        Zone zone;
        try {
            zone = new ZoneDiff(0, 0, removed, addedZone.records()).applyTo(previous);
        } catch (IllegalArgumentException doesNotFit) {
            return null; // e.g. a new line that is an existing record written differently
        }
        ZoneDiff diff = new ZoneDiff(previous.soa() == null ? 0 : previous.serial(), zone.soa() == null ? 0 : zone.serial(),
                removed, addedZone.records());
        for (String line : removedLines) {
            byLine.remove(line);
        }
        for (Record r : addedZone.records()) {
            byLine.put(addedLines.get(addedZone.lineOf(r) - 1), r);
        }
        previous = zone;
        return new Parsed(zone, diff, true);
    }

    /** The record lines of a file, or null when one of them does not stand alone (or the file is gzip). */
    private static List<String> recordLines(byte[] text) {
        if (text.length > 2 && (text[0] & 0xff) == 0x1f && (text[1] & 0xff) == 0x8b) {
            return null;
        }
        List<String> out = new ArrayList<>(Math.max(16, text.length / 55));
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                String line = new String(text, start, end - start, StandardCharsets.ISO_8859_1);
                start = i + 1;
                if (isRecordLine(line)) {
                    if (!standsAlone(line)) {
                        return null;
                    }
                    out.add(line);
                } else if (!line.isBlank() && !line.stripLeading().startsWith(";")) {
                    return null; // a continuation or directive line
                }
            }
        }
        return out;
    }

    /** A line that starts a record: not blank, not a comment, not indented (an indented line inherits its owner). */
    private static boolean isRecordLine(String line) {
        if (line.isEmpty()) {
            return false;
        }
        char c = line.charAt(0);
        return c != ';' && c != ' ' && c != '\t' && !line.isBlank();
    }

    /** Owner absolute, TTL and class explicit (either order), no parentheses, no directive. */
    private static boolean standsAlone(String line) {
        if (line.charAt(0) == '$' || line.indexOf('(') >= 0 || line.indexOf(')') >= 0) {
            return false;
        }
        // The first three fields, by hand: a regex split per line of 22,000 costs more than the rest.
        String[] t = new String[3];
        int at = 0;
        for (int k = 0; k < 3; k++) {
            int end = at;
            while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                end++;
            }
            if (end == at || end == line.length()) {
                return false; // fewer than four fields
            }
            t[k] = line.substring(at, end);
            at = end;
            while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                at++;
            }
        }
        if (at == line.length() || !t[0].endsWith(".") || t[0].endsWith("\\.")) {
            return false;
        }
        return (isTtl(t[1]) && isClass(t[2])) || (isClass(t[1]) && isTtl(t[2]));
    }

    private static boolean isTtl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty() && s.length() <= 10;
    }

    private static boolean isClass(String s) {
        return DClass.value(s) >= 0;
    }
}
