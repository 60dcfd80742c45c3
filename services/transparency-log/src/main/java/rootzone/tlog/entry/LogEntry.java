package rootzone.tlog.entry;

/**
 * A leaf of a rootzone transparency log, as the bytes hashed into the tree (docs/transparency-log.md).
 * A zone's log holds {@link VersionEntry} and {@link RejectionEntry} leaves in publication order;
 * the coordination log holds {@link DirectoryEntry} and {@link NoticeEntry} leaves.
 */
public sealed interface LogEntry permits VersionEntry, RejectionEntry, DirectoryEntry, NoticeEntry {

    /** The entry's exact bytes. */
    byte[] bytes();

    /** @throws IllegalArgumentException when the bytes are not an entry of a known kind in canonical form */
    static LogEntry parse(byte[] entry) {
        EntryText.Reader r = new EntryText.Reader(entry);
        String kind = r.line("kind");
        LogEntry parsed = switch (kind) {
            case VersionEntry.KIND -> VersionEntry.read(r);
            case RejectionEntry.KIND -> RejectionEntry.read(r);
            case DirectoryEntry.KIND -> DirectoryEntry.read(r);
            case NoticeEntry.KIND -> NoticeEntry.read(r);
            default -> throw new IllegalArgumentException("unknown entry kind " + kind);
        };
        r.end();
        // one entry, one byte string: whatever the reader let through must write back identically
        if (!java.util.Arrays.equals(parsed.bytes(), entry)) {
            throw new IllegalArgumentException("entry is not in canonical form");
        }
        return parsed;
    }
}
