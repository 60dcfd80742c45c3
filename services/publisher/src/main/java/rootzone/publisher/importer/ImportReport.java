package rootzone.publisher.importer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import rootzone.publisher.publish.PublishOutcome;

/**
 * What an import did. {@code error} is set when it stopped early: everything listed as imported is in
 * the log, nothing after it is.
 *
 * @param found distinct versions in the archive
 * @param skipped versions not newer than the zone's last published serial when the import started
 * @param refused the first refused version (the import stopped there), if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportReport(String path, int found, int imported, int skipped, Long firstSerial, Long lastSerial,
                           long elapsedMillis, List<String> warnings, String error, PublishOutcome.Refused refused) {

    public ImportReport {
        warnings = List.copyOf(warnings);
    }

    /** Imported versions per second. */
    public double versionsPerSecond() {
        return elapsedMillis == 0 ? 0 : imported * 1000.0 / elapsedMillis;
    }
}
