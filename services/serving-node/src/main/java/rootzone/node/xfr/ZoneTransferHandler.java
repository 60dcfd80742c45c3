package rootzone.node.xfr;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import rootzone.node.dns.TransferHandler;
import rootzone.node.dns.ZoneIndex;
import rootzone.zone.Serial;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * AXFR (RFC 5936) and IXFR (RFC 1995) out of the served version.
 *
 * <p>Access: the client address must be in the allow-list (else REFUSED). With a TSIG key
 * configured the query must be signed with it: unsigned queries are REFUSED; a wrong key or MAC gets
 * NOTAUTH with the TSIG error BADKEY/BADSIG/BADTIME in an unsigned TSIG record (RFC 8945 §5.2), so
 * the secondary logs why. The responses are then signed.
 *
 * <p>IXFR: the client's serial comes from the SOA in the query's authority section. Same or newer
 * than served: one message with the served SOA (RFC 1995 §2, "up to date"). Within the journal:
 * the condensed diffs, each as old SOA, removed records, new SOA, added records, between the served
 * SOA at both ends. Older than the journal: the whole zone in AXFR form (RFC 1995 §4).
 */
public final class ZoneTransferHandler implements TransferHandler {

    private static final Logger LOG = Logger.getLogger(ZoneTransferHandler.class);

    private final TransferAcl acl;
    private final IxfrJournal journal;
    private final LongAdder axfr = new LongAdder();
    private final LongAdder ixfr = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public ZoneTransferHandler(TransferAcl acl, IxfrJournal journal) {
        this.acl = Objects.requireNonNull(acl);
        this.journal = Objects.requireNonNull(journal);
    }

    @Override
    public void handle(byte[] raw, int qtype, ZoneIndex index, InetAddress client, MessageSink out) throws IOException {
        Message query;
        try {
            query = new Message(raw);
        } catch (IOException e) {
            LOG.debugf("unparsable transfer query from %s: %s", client.getHostAddress(), e.getMessage());
            return; // the engine parsed it; dnsjava did not: nothing sensible to echo
        }
        Record question = query.getQuestion();
        if (!acl.allows(client)) {
            refuse(query, client, "not in the transfer allow-list", out);
            return;
        }
        TSIG tsig = null;
        if (acl.key().isPresent()) {
            TSIGRecord qmac = query.getTSIG();
            if (qmac == null) {
                refuse(query, client, "unsigned, a TSIG key is required", out);
                return;
            }
            tsig = acl.key().get().tsig();
            int error = tsig.verify(query, raw, null);
            if (error != Rcode.NOERROR) {
                refused.increment();
                LOG.warnf("transfer from %s refused: TSIG %s", client.getHostAddress(), Rcode.TSIGstring(error));
                Message m = TransferStream.header(query, Rcode.NOTAUTH);
                m.addRecord(question, Section.QUESTION);
                tsig.apply(m, error, qmac);
                send(m, out);
                return;
            }
        } else if (query.getTSIG() != null) {
            // RFC 8945 §5.2.1: a key this server does not know
            refuse(query, client, "signed with a key this node does not have", out);
            return;
        }
        if (index == null) {
            error(query, tsig, Rcode.SERVFAIL, out); // nothing verified to serve yet
            return;
        }
        Zone zone = index.zone();
        if (question.getDClass() != DClass.IN || !question.getName().equals(zone.origin())) {
            error(query, tsig, Rcode.NOTAUTH, out); // RFC 5936 §2.2.1: not authoritative for that zone
            return;
        }
        long t0 = System.nanoTime();
        TransferStream stream = new TransferStream(query, tsig, out);
        String kind;
        if (qtype == Type.IXFR) {
            ixfr.increment();
            Long clientSerial = clientSerial(query);
            if (clientSerial == null) {
                error(query, tsig, Rcode.FORMERR, out); // RFC 1995 §3: the query carries the client's SOA
                return;
            }
            kind = ixfr(zone, clientSerial, stream);
        } else {
            axfr.increment();
            full(zone, stream);
            kind = "AXFR";
        }
        stream.finish();
        LOG.infof("%s of %s serial %d to %s%s: %d records in %d messages, %d ms", kind, zone.origin(), zone.serial(),
                client.getHostAddress(), tsig != null ? " (TSIG)" : "", stream.records(), stream.messages(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private String ixfr(Zone zone, long clientSerial, TransferStream stream) throws IOException {
        long served = zone.serial();
        boolean upToDate;
        try {
            upToDate = Serial.compare(clientSerial, served) >= 0;
        } catch (IllegalArgumentException e) {
            upToDate = false; // 2^31 apart: undefined, send everything
        }
        if (upToDate) {
            stream.add(zone.soa());
            return "IXFR (up to date at " + clientSerial + ")";
        }
        Optional<List<ZoneDiff>> chain = journal.chain(clientSerial, served);
        if (chain.isEmpty()) {
            full(zone, stream);
            return "IXFR from " + clientSerial + " as full zone";
        }
        stream.add(zone.soa());
        for (ZoneDiff d : chain.get()) {
            writeHalf(d.removed(), stream);
            writeHalf(d.added(), stream);
        }
        stream.add(zone.soa());
        return "IXFR from " + clientSerial + " (" + chain.get().size() + " diffs)";
    }

    /** One half of an IXFR difference sequence: its SOA first, then the other records. */
    private static void writeHalf(List<Record> records, TransferStream stream) throws IOException {
        Record soa = null;
        for (Record r : records) {
            if (r instanceof SOARecord) {
                soa = r;
            }
        }
        if (soa == null) {
            throw new IllegalStateException("a served-version diff without the SOA change: " + records.size() + " records");
        }
        stream.add(soa);
        for (Record r : records) {
            if (r != soa) {
                stream.add(r);
            }
        }
    }

    /** The whole zone: SOA, every other record, SOA again (RFC 5936 §2.2). */
    private static void full(Zone zone, TransferStream stream) throws IOException {
        SOARecord soa = zone.soa();
        stream.add(soa);
        for (Record r : zone.records()) {
            if (r != soa) {
                stream.add(r);
            }
        }
        stream.add(soa);
    }

    private static Long clientSerial(Message query) {
        for (Record r : query.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return soa.getSerial();
            }
        }
        return null;
    }

    private void refuse(Message query, InetAddress client, String why, MessageSink out) throws IOException {
        refused.increment();
        LOG.warnf("transfer of %s from %s refused: %s", query.getQuestion().getName(), client.getHostAddress(), why);
        error(query, null, Rcode.REFUSED, out);
    }

    private static void error(Message query, TSIG tsig, int rcode, MessageSink out) throws IOException {
        Message m = TransferStream.header(query, rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        if (tsig != null) {
            tsig.apply(m, query.getTSIG());
        }
        send(m, out);
    }

    private static void send(Message m, MessageSink out) throws IOException {
        byte[] wire = m.toWire();
        out.send(wire, 0, wire.length);
    }

    public long axfrRequests() {
        return axfr.sum();
    }

    public long ixfrRequests() {
        return ixfr.sum();
    }

    public long refusedRequests() {
        return refused.sum();
    }
}
