package rootzone.node.xfr;

import java.io.IOException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import rootzone.node.dns.TransferHandler.MessageSink;

/**
 * Packs the records of one AXFR/IXFR response into DNS messages (RFC 5936 §2.2): the question in the
 * first message only, each message below a size target, and, when the query was signed, every
 * message signed as RFC 8945 §5.3.1 says (the first with the query's MAC, the next ones with the
 * previous message's MAC and the reduced variables).
 */
final class TransferStream {

    /** Message size target: well under the 65535 TCP limit, as NSD and BIND do, so no message is huge. */
    static final int TARGET_SIZE = 16 * 1024;

    private final Message query;
    private final TSIG tsig;
    private final MessageSink out;
    private Message current;
    private int currentSize;
    private int messages;
    private long records;
    private TSIGRecord previousMac;

    /** @param tsig the key the query was verified with, or null when the transfer is unsigned */
    TransferStream(Message query, TSIG tsig, MessageSink out) {
        this.query = query;
        this.tsig = tsig;
        this.out = out;
        this.previousMac = query.getTSIG();
    }

    void add(Record r) throws IOException {
        int size = r.toWire(Section.ANSWER).length; // uncompressed: an upper bound of what it adds
        if (current == null) {
            start();
        } else if (currentSize + size > TARGET_SIZE && current.getSection(Section.ANSWER).size() > 0) {
            send();
            start();
        }
        current.addRecord(r, Section.ANSWER);
        currentSize += size;
        records++;
    }

    /** Sends the last message (an empty answer still sends the header and question). */
    void finish() throws IOException {
        if (current == null) {
            start();
        }
        send();
    }

    int messages() {
        return messages;
    }

    long records() {
        return records;
    }

    private void start() {
        current = header(query, 0);
        if (messages == 0) {
            current.addRecord(query.getQuestion(), Section.QUESTION);
        }
        currentSize = current.toWire().length + (tsig != null ? tsig.recordLength() : 0);
    }

    private void send() throws IOException {
        if (tsig != null) {
            tsig.apply(current, previousMac, messages == 0);
            previousMac = current.getTSIG();
        }
        byte[] wire = current.toWire();
        out.send(wire, 0, wire.length);
        messages++;
        current = null;
    }

    /** A response header for the query: same ID and opcode, QR and AA set, RD copied, and EDNS if asked. */
    static Message header(Message query, int rcode) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setOpcode(query.getHeader().getOpcode());
        m.getHeader().setFlag(Flags.QR);
        if (rcode == 0) {
            m.getHeader().setFlag(Flags.AA);
        }
        if (query.getHeader().getFlag(Flags.RD)) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.getHeader().setRcode(rcode & 0xF);
        if (query.getOPT() != null) {
            m.addRecord(new OPTRecord(1232, rcode >> 4, 0, 0), Section.ADDITIONAL);
        }
        return m;
    }
}
