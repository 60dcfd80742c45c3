package rootzone.archive;

import java.util.List;

/** An archive whose versions (and what listing them skipped) are known once it is opened. */
abstract class ListedArchive implements ZoneArchive {

    private final List<ArchiveEntry> entries;
    private final List<String> warnings;

    ListedArchive(List<ArchiveEntry> entries, List<String> warnings) {
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public final List<ArchiveEntry> entries() {
        return entries;
    }

    @Override
    public final List<String> warnings() {
        return warnings;
    }
}
