package rootzone.zone;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /** How far ahead a changed line looks for the line it resynchronizes with (a block of added or removed lines). */
    private static final int LOOKAHEAD = 64;

    private final Name origin;
    private final ZoneLimits limits;
    private Zone previous;
    /**
     * The record lines of the previous file and the record of each, or null when that file did not
     * qualify. After a whole parse they are worked out in the background, off the caller's path: only
     * the next version needs them.
     */
    private CompletableFuture<Follow> follow = CompletableFuture.completedFuture(null);

    /** The record lines of a file and, aligned, the record each one gave. */
    private record Follow(List<String> lines, Record[] records) {}

    public SuccessiveParser(Name origin, ZoneLimits limits) {
        this.origin = origin;
        this.limits = limits;
    }

    /** The last version this instance parsed; null before the first. */
    public Zone last() {
        return previous;
    }

    /** The next version: only its changed lines parsed when both it and the previous file qualify. */
    public Parsed next(byte[] text, String sourceName) throws ZoneException {
        if (text.length > limits.maxBytes()) {
            throw new ZoneTooLargeException(sourceName + ": " + text.length + " bytes, more than the limit of "
                    + limits.maxBytes() + " bytes", 0);
        }
        Follow before = previous == null ? null : follow();
        if (before != null) {
            RecordLines next = recordLines(text);
            Parsed p = next == null ? null : incremental(before, next.lines(), sourceName);
            if (p != null) {
                return p;
            }
        }
        return whole(text, sourceName);
    }

    /** The previous file's lines and records, once worked out; null when it did not qualify (or working it out failed). */
    private Follow follow() {
        try {
            return follow.join();
        } catch (CompletionException | CancellationException e) {
            return null; // follow by a whole parse, which is always right
        }
    }

    private Parsed whole(byte[] text, String sourceName) throws ZoneException {
        Zone zone = ZoneParser.parse(text, origin, sourceName, limits);
        ZoneDiff diff = ZoneDiff.between(previous != null ? previous : Zone.of(zone.origin(), List.of()), zone);
        previous = zone;
        follow = CompletableFuture.supplyAsync(() -> {
            RecordLines lines = recordLines(text);
            Record[] records = lines == null ? null : index(zone, lines);
            return records == null ? null : new Follow(lines.lines(), records);
        });
        return new Parsed(zone, diff, false);
    }

    /** The record lines of a file (comments and blank lines left out), each with its line number in the file. */
    private record RecordLines(List<String> lines, int[] numbers) {}

    /** The record of each line from the full parse, when every record came from its own line that stands alone. */
    private static Record[] index(Zone zone, RecordLines next) {
        if (next.lines().size() != zone.size()) {
            return null; // a duplicate line or record: follow by whole parses
        }
        for (String line : next.lines()) {
            if (!ZoneParser.standsAlone(line)) {
                return null;
            }
        }
        Record[] out = new Record[next.lines().size()];
        for (Record r : zone.records()) {
            // The record lines are in file order, so the record's line number finds its line.
            int k = Arrays.binarySearch(next.numbers(), zone.lineOf(r));
            if (k < 0 || out[k] != null) {
                return null;
            }
            out[k] = r;
        }
        return out;
    }

    /**
     * A walk over the previous and the new lines side by side (root zone files keep their order): equal
     * lines are kept with their records; at a difference the nearest line that matches again, within
     * {@link #LOOKAHEAD}, decides whether lines were added or removed. Only the added lines are parsed.
     */
    private Parsed incremental(Follow before, List<String> next, String sourceName) throws ZoneException {
        List<String> lines = before.lines();
        Record[] records = before.records();
        if (next.size() > limits.maxRecords()) {
            throw new ZoneTooLargeException(sourceName + ": more than the limit of " + limits.maxRecords() + " records", 0);
        }
        Record[] nextRecords = new Record[next.size()];
        List<Integer> addedAt = new ArrayList<>();
        List<Record> removed = new ArrayList<>();
        int i = 0;
        int j = 0;
        int n = next.size();
        int m = lines.size();
        while (i < n && j < m) {
            if (next.get(i).equals(lines.get(j))) {
                nextRecords[i++] = records[j++];
                continue;
            }
            int removedRun = find(next.get(i), lines, j + 1, m);
            int addedRun = find(lines.get(j), next, i + 1, n);
            if (removedRun > 0 && (addedRun < 0 || removedRun - j <= addedRun - i)) {
                while (j < removedRun) {
                    removed.add(records[j++]);
                }
            } else if (addedRun > 0) {
                while (i < addedRun) {
                    addedAt.add(i++);
                }
            } else {
                removed.add(records[j++]);
                addedAt.add(i++);
            }
        }
        while (j < m) {
            removed.add(records[j++]);
        }
        while (i < n) {
            addedAt.add(i++);
        }
        List<String> addedLines = new ArrayList<>(addedAt.size());
        for (int k : addedAt) {
            if (!ZoneParser.standsAlone(next.get(k))) {
                return null;
            }
            addedLines.add(next.get(k));
        }
        Zone addedZone = ZoneParser.parse(String.join("\n", addedLines).getBytes(StandardCharsets.ISO_8859_1), previous.origin(),
                sourceName + " (changed lines)", limits);
        if (addedZone.size() != addedLines.size()) {
            return null;
        }
        for (Record r : addedZone.records()) {
            nextRecords[addedAt.get(addedZone.lineOf(r) - 1)] = r;
        }
        removed.sort(CanonicalOrder.RECORDS);
        List<Record> added = new ArrayList<>(addedZone.records());
        cancelMoved(removed, added);
        Zone zone;
        try {
            zone = new ZoneDiff(0, 0, removed, added).applyTo(previous);
        } catch (IllegalArgumentException doesNotFit) {
            return null; // e.g. a new line that is an existing record written differently, or a duplicate
        }
        ZoneDiff diff = new ZoneDiff(previous.soa() == null ? 0 : previous.serial(), zone.soa() == null ? 0 : zone.serial(),
                removed, added);
        previous = zone;
        follow = CompletableFuture.completedFuture(new Follow(next, nextRecords));
        return new Parsed(zone, diff, true);
    }

    /** The first index in [from, min(to, from + LOOKAHEAD)) whose line equals {@code line}, or -1. */
    private static int find(String line, List<String> in, int from, int to) {
        int end = Math.min(to, from + LOOKAHEAD);
        for (int k = from; k < end; k++) {
            if (line.equals(in.get(k))) {
                return k;
            }
        }
        return -1;
    }

    /** Drops records both removed and added unchanged (a line that moved): the delta is the zones' difference. */
    private static void cancelMoved(List<Record> removed, List<Record> added) {
        if (removed.isEmpty() || added.isEmpty()) {
            return;
        }
        List<Record> keptRemoved = new ArrayList<>(removed.size());
        List<Record> keptAdded = new ArrayList<>(added.size());
        int a = 0;
        int b = 0;
        while (a < removed.size() && b < added.size()) {
            int c = CanonicalOrder.compare(removed.get(a), added.get(b));
            if (c == 0 && removed.get(a).getTTL() == added.get(b).getTTL()) {
                a++;
                b++;
            } else if (c <= 0) {
                keptRemoved.add(removed.get(a++));
            } else {
                keptAdded.add(added.get(b++));
            }
        }
        keptRemoved.addAll(removed.subList(a, removed.size()));
        keptAdded.addAll(added.subList(b, added.size()));
        removed.clear();
        removed.addAll(keptRemoved);
        added.clear();
        added.addAll(keptAdded);
    }

    /** The record lines of a file, or null when it has a continuation line or is gzip (see {@link ZoneParser#standsAlone}). */
    private static RecordLines recordLines(byte[] text) {
        if (text.length > 2 && (text[0] & 0xff) == 0x1f && (text[1] & 0xff) == 0x8b) {
            return null;
        }
        List<String> out = new ArrayList<>(Math.max(16, text.length / 55));
        int[] numbers = new int[Math.max(16, text.length / 55)];
        int start = 0;
        int number = 1;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                String line = new String(text, start, end - start, StandardCharsets.ISO_8859_1);
                start = i + 1;
                if (isRecordLine(line)) {
                    if (out.size() == numbers.length) {
                        numbers = Arrays.copyOf(numbers, numbers.length * 2);
                    }
                    numbers[out.size()] = number;
                    out.add(line);
                } else if (!line.isBlank() && !line.stripLeading().startsWith(";")) {
                    return null; // a continuation or directive line
                }
                number++;
            }
        }
        return new RecordLines(out, Arrays.copyOf(numbers, out.size()));
    }

    /** A line that starts a record: not blank, not a comment, not indented (an indented line inherits its owner). */
    private static boolean isRecordLine(String line) {
        if (line.isEmpty()) {
            return false;
        }
        char c = line.charAt(0);
        return c != ';' && c != ' ' && c != '\t' && !line.isBlank();
    }
}
