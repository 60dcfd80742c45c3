package rootzone.publisher.xfr;

import rootzone.zone.TsigKey;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * Pulls a zone from its primary with dnsjava's ZoneTransferIn, always to the explicit address of the
 * configured primary: IXFR from the serial we have (RFC 1995), falling back to AXFR (RFC 5936) when
 * the primary refuses IXFR, has no history for our serial (it then answers with the whole zone), or
 * sends deltas that do not apply to what we have.
 */
public final class ZoneTransferClient {

    private final Duration timeout;

    public ZoneTransferClient(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param current the zone we have (the last published version), or null for a first AXFR
     */
    public Transfer pull(Name origin, Primary primary, Zone current) throws TransferException {
        if (current == null) {
            return axfr(origin, primary);
        }
        ZoneTransferIn xfr = ZoneTransferIn.newIXFR(origin, current.serial(), true, primary.address(),
                primary.tsig().map(TsigKey::tsig).orElse(null));
        run(xfr, "IXFR", origin, primary);
        if (xfr.isCurrent()) {
            return new Transfer(Transfer.Kind.UP_TO_DATE, current);
        }
        if (xfr.isAXFR()) {
            return new Transfer(Transfer.Kind.AXFR, Zone.of(origin, xfr.getAXFR()));
        }
        try {
            return new Transfer(Transfer.Kind.IXFR, apply(current, xfr.getIXFR()));
        } catch (IllegalArgumentException inconsistent) {
            // The primary's history does not match the version we published: start over from a full copy.
            return axfr(origin, primary);
        }
    }

    private Transfer axfr(Name origin, Primary primary) throws TransferException {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, primary.address(),
                primary.tsig().map(TsigKey::tsig).orElse(null));
        run(xfr, "AXFR", origin, primary);
        return new Transfer(Transfer.Kind.AXFR, Zone.of(origin, xfr.getAXFR()));
    }

    private void run(ZoneTransferIn xfr, String what, Name origin, Primary primary) throws TransferException {
        xfr.setTimeout(timeout);
        try {
            xfr.run();
        } catch (ZoneTransferException | IOException e) {
            throw new TransferException(what + " of " + origin + " from " + primary.address() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Applies IXFR deltas in order; each must start at the serial reached so far. Strict (zone-core
     * ZoneDiff.applyTo): a delete of a record we do not have means our copy and the primary's history
     * disagree.
     *
     * @throws IllegalArgumentException when a delta does not fit
     */
    static Zone apply(Zone current, List<ZoneTransferIn.Delta> deltas) {
        Zone zone = current;
        for (ZoneTransferIn.Delta delta : deltas) {
            if (delta.start != zone.serial()) {
                throw new IllegalArgumentException("IXFR delta starts at serial " + delta.start + " but we have " + zone.serial());
            }
            // Zone.of sorts into canonical order and drops duplicates, as ZoneDiff requires.
            List<Record> removed = Zone.of(zone.origin(), delta.deletes).records();
            List<Record> added = Zone.of(zone.origin(), delta.adds).records();
            zone = new ZoneDiff(delta.start, delta.end, removed, added).applyTo(zone);
            if (zone.soa() == null || zone.serial() != delta.end) {
                throw new IllegalArgumentException("IXFR delta to " + delta.end + " did not yield that serial");
            }
        }
        return zone;
    }

    /** The primary's current serial, by an SOA query over UDP (signed when TSIG is configured). */
    public long probeSerial(Name origin, Primary primary) throws TransferException {
        try {
            SimpleResolver resolver = new SimpleResolver(primary.address());
            resolver.setTimeout(timeout);
            primary.tsig().ifPresent(k -> resolver.setTSIGKey(k.tsig()));
            Message response = resolver.send(Message.newQuery(Record.newRecord(origin, Type.SOA, org.xbill.DNS.DClass.IN)));
            if (response.getRcode() != Rcode.NOERROR) {
                throw new TransferException("SOA query for " + origin + " to " + primary.address() + ": "
                        + Rcode.string(response.getRcode()));
            }
            if (primary.tsig().isPresent() && !response.isVerified()) {
                throw new TransferException("SOA answer for " + origin + " from " + primary.address() + " fails TSIG");
            }
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r instanceof SOARecord soa && soa.getName().equals(origin)) {
                    return soa.getSerial();
                }
            }
            throw new TransferException("SOA answer for " + origin + " from " + primary.address() + " has no SOA");
        } catch (IOException e) {
            throw new TransferException("SOA query for " + origin + " to " + primary.address() + " failed: " + e.getMessage(), e);
        }
    }
}
