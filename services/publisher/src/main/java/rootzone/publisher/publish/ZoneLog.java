package rootzone.publisher.publish;

import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogOperator;
import rootzone.events.VersionRejected;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.Zonemd;

/**
 * The publisher's one place where a zone's writes meet its transparency log: every committed version
 * and every rejection is written in a transaction that also appends its entry and the log's new
 * signed checkpoint (docs/transparency-log.md, "Integration").
 */
record ZoneLog(LogOperator operator, EventWriter writer) {

    /** Writes the version and its VersionEntry (imported when the info says so) in one transaction. */
    WrittenVersion version(VersionWriter versions, Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info,
            Steps steps) {
        byte[] zonemd = Zonemd.digest(next, Zonemd.SHA384);
        WrittenVersion written = operator.inTransaction(writer, tx -> {
            VersionWriter.Written w = versions.write(tx, previous, next, diff, digest, info);
            tx.append(LogEntries.version(w.committed(), zonemd));
            steps.mark("events sent");
            return w.version();
        });
        steps.mark("checkpoint signed, committed, tiles written");
        return written;
    }

    /**
     * Writes consecutive versions (an import batch) and a VersionEntry for each in one transaction.
     *
     * @param zonemds each version's RFC 8976 SHA-384 ZONEMD digest, computed ahead by the caller
     */
    java.util.List<WrittenVersion> versions(VersionWriter versions, java.util.List<VersionWriter.Next> batch,
            java.util.List<byte[]> zonemds) {
        return operator.inTransaction(writer, tx -> {
            java.util.List<VersionWriter.Written> written = versions.writeAll(tx, batch);
            for (int i = 0; i < written.size(); i++) {
                tx.append(LogEntries.version(written.get(i).committed(), zonemds.get(i)));
            }
            return written.stream().map(VersionWriter.Written::version).toList();
        });
    }

    /** Writes the rejection and its RejectionEntry in one transaction; returns its offset. */
    long rejection(VersionWriter versions, String zone, VersionRejected event) {
        return operator.inTransaction(writer, tx -> {
            EventWriter.Sent sent = versions.rejected(tx, zone, event);
            tx.append(LogEntries.rejection((VersionRejected) sent.event(), sent.valueSha256()));
            tx.flush();
            return sent.offset();
        });
    }
}
