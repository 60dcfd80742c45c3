package rootzone.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import rootzone.zone.Serial;

/**
 * Puts archived versions in SOA serial order (RFC 1982) and drops repeated captures of one version.
 *
 * <p>RFC 1982 order is only defined within half the serial space, so versions are ordered by their
 * distance from the earliest capture, and the whole archive must fit in that window.
 */
final class SerialOrder {

    /** Decides whether two entries with the same serial hold the same text. */
    interface SameContent {
        boolean test(ArchiveEntry a, ArchiveEntry b) throws ArchiveException;
    }

    static List<ArchiveEntry> sort(List<ArchiveEntry> entries, SameContent same) throws ArchiveException {
        if (entries.isEmpty()) {
            return List.of();
        }
        ArchiveEntry earliest = entries.stream().min(Comparator.comparing(ArchiveEntry::capturedAt)).orElseThrow();
        long base = earliest.serial();
        List<ArchiveEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((ArchiveEntry e) -> distance(base, e.serial()))
                .thenComparing(ArchiveEntry::capturedAt));
        List<ArchiveEntry> out = new ArrayList<>(sorted.size());
        for (ArchiveEntry e : sorted) {
            ArchiveEntry previous = out.isEmpty() ? null : out.get(out.size() - 1);
            if (previous != null && previous.serial() == e.serial()) {
                if (!same.test(previous, e)) {
                    throw new ArchiveException("serial " + e.serial() + " appears twice with different content: "
                            + previous.origin() + " and " + e.origin());
                }
                continue; // the same version captured again: keep the first capture
            }
            out.add(e);
        }
        long first = out.get(0).serial();
        long last = out.get(out.size() - 1).serial();
        if (out.size() > 1 && Serial.compare(first, last) >= 0) {
            throw new ArchiveException("serials " + first + " to " + last + " span more than half the serial space (RFC 1982)");
        }
        return out;
    }

    /** Forward distance from base in serial space; earlier serials (within 2^31) come out negative. */
    private static long distance(long base, long serial) {
        long d = (serial - base) & 0xffffffffL;
        return d >= (1L << 31) ? d - (1L << 32) : d;
    }

    private SerialOrder() {}
}
