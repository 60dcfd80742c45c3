package rootzone.auditor.importer;

import java.util.List;

/**
 * What an import did. {@code error} is set when it stopped early: everything listed as imported is in
 * the log, nothing after it is.
 *
 * @param found distinct versions in the archive
 * @param skipped versions not newer than the log's latest serial when the import started
 */
public record ImportReport(String path, int found, int imported, int skipped, Long firstSerial, Long lastSerial,
                           long elapsedMillis, List<String> warnings, String error) {

    public ImportReport {
        warnings = List.copyOf(warnings);
    }
}
