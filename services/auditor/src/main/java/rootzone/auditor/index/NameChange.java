package rootzone.auditor.index;

import java.util.List;
import org.xbill.DNS.Record;

/** What changed at or below one name in one version: records removed and added, canonical order. */
public record NameChange(IndexedVersion version, List<Record> removed, List<Record> added) {

    public NameChange {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }
}
