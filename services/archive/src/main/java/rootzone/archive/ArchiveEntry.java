package rootzone.archive;

import java.time.Instant;

/**
 * One version held by an archive.
 *
 * @param ref where its text is: a file path, or a git blob id
 * @param origin human-readable provenance: file name, or commit id
 * @param capturedAt when the archive captured it: the commit date, or the file's modification time
 */
public record ArchiveEntry(long serial, Instant capturedAt, String ref, String origin) {}
