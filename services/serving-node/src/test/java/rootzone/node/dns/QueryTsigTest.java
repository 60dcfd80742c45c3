package rootzone.node.dns;

import rootzone.zone.TsigKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * TSIG on ordinary queries in process (RFC 8945 §5): signed and verifiable answers, NOTAUTH with
 * BADKEY/BADSIG/BADTIME, FORMERR for TSIG records that do not parse. NsdTsigComparisonTest checks the
 * same against NSD over sockets.
 */
class QueryTsigTest {

    static final Name KEY_NAME = Name.fromConstantString("q-key.");
    static final String SECRET = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_SECRET = Base64.getEncoder().encodeToString("another-secret-another-secret!!!".getBytes());

    private final ServedZone served = new ServedZone();
    private QueryProcessor processor;

    @BeforeEach
    void serve() throws Exception {
        served.switchTo(QueryProcessorTest.zone(7));
        processor = processor(Clock.systemUTC());
    }

    private QueryProcessor processor(Clock clock) {
        QueryTsig keys = new QueryTsig(List.of(new TsigKey(TSIG.HMAC_SHA256, KEY_NAME, SECRET)), clock);
        return new QueryProcessor(served, AnswerConfig.defaults(NodeIdentity.hidden()).withTsig(keys), new QueryStats(),
                true);
    }

    static TSIG clientKey(Name algorithm, Name name, String secret, Clock clock) {
        return new TSIG(algorithm, name, new SecretKeySpec(Base64.getDecoder().decode(secret),
                TSIG.nameToAlgorithm(algorithm)), clock);
    }

    static TSIG clientKey(String secret) {
        return clientKey(TSIG.HMAC_SHA256, KEY_NAME, secret, Clock.systemUTC());
    }

    /** A query signed with {@code key}; payload 0 means without EDNS. */
    static Message signedQuery(String name, int type, int payload, TSIG key) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        m.getHeader().setID(4711);
        m.getHeader().unsetFlag(Flags.RD);
        if (payload > 0) {
            m.addRecord(new OPTRecord(payload, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        m.setTSIG(key);
        return m;
    }

    static byte[] wire(Message signed) {
        return signed.toWire(QueryProcessor.MAX_MESSAGE); // dnsjava signs only when given a size
    }

    private byte[] ask(QueryProcessor p, byte[] query, boolean tcp) {
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        int n = p.process(query, query.length, tcp, new ParsedQuery(), out);
        assertTrue(n > 0, "no response");
        return Arrays.copyOf(out, n);
    }

    @Test
    void aQueryWithAKnownKeyIsAnsweredAndSigned() throws Exception {
        TSIG key = clientKey(SECRET);
        for (int payload : new int[] {0, 1232}) {
            Message q = signedQuery(".", Type.SOA, payload, key);
            byte[] query = wire(q);
            byte[] raw = ask(processor, query, false);
            Message r = new Message(raw);
            assertEquals(Rcode.NOERROR, r.getRcode());
            assertTrue(r.getHeader().getFlag(Flags.AA));
            assertEquals(7, ((org.xbill.DNS.SOARecord) r.getSection(Section.ANSWER).get(0)).getSerial());
            TSIGRecord mac = r.getTSIG();
            assertNotNull(mac, "the answer is signed");
            assertEquals(Rcode.NOERROR, mac.getError());
            assertEquals(32, mac.getSignature().length);
            assertEquals(Rcode.NOERROR, key.verify(r, raw, new Message(query).getTSIG()),
                    "the client verifies the answer's MAC over its query's MAC");
        }
    }

    @Test
    void signedAnswersKeepRoomForTheirSignature() throws Exception {
        TSIG key = clientKey(SECRET);
        for (String name : new String[] {"www.example.", "nope.", "net."}) {
            byte[] query = wire(signedQuery(name, Type.A, 0, key));
            byte[] raw = ask(processor, query, false);
            assertTrue(raw.length <= 512, name + ": " + raw.length + " bytes without EDNS");
            Message r = new Message(raw);
            assertEquals(Rcode.NOERROR, key.verify(r, raw, new Message(query).getTSIG()), name);
        }
    }

    @Test
    void aKeyTheNodeDoesNotHaveGetsBadKey() throws Exception {
        Name other = Name.fromConstantString("other-key.");
        byte[] query = wire(signedQuery(".", Type.SOA, 1232, clientKey(TSIG.HMAC_SHA256, other, SECRET, Clock.systemUTC())));
        Message r = new Message(ask(processor, query, false));
        assertNotAuth(r, Rcode.BADKEY, other);
        assertNotNull(r.getOPT(), "EDNS kept, as NSD does");
        // The same key name with another algorithm is another key (RFC 8945 §5.2.1).
        query = wire(signedQuery(".", Type.SOA, 0, clientKey(TSIG.HMAC_SHA512, KEY_NAME, SECRET, Clock.systemUTC())));
        assertNotAuth(new Message(ask(processor, query, true)), Rcode.BADKEY, KEY_NAME);
        // a node without keys: every signed query is BADKEY
        QueryProcessor keyless = new QueryProcessor(served, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(),
                false);
        assertNotAuth(new Message(ask(keyless, wire(signedQuery(".", Type.SOA, 0, clientKey(SECRET))), false)),
                Rcode.BADKEY, KEY_NAME);
    }

    @Test
    void aWrongMacGetsBadSig() throws Exception {
        byte[] query = wire(signedQuery("net.", Type.NS, 1232, clientKey(OTHER_SECRET)));
        assertNotAuth(new Message(ask(processor, query, false)), Rcode.BADSIG, KEY_NAME);
        byte[] flipped = wire(signedQuery("net.", Type.NS, 1232, clientKey(SECRET)));
        flipped[flipped.length - 10] ^= 1; // one bit of the MAC
        assertNotAuth(new Message(ask(processor, flipped, false)), Rcode.BADSIG, KEY_NAME);
    }

    @Test
    void aTimeOutsideTheFudgeGetsBadTimeSignedWithTheServerTime() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        QueryProcessor late = processor(Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        TSIG key = clientKey(TSIG.HMAC_SHA256, KEY_NAME, SECRET, Clock.fixed(now, ZoneOffset.UTC));
        byte[] query = wire(signedQuery(".", Type.SOA, 0, key));
        byte[] raw = ask(late, query, false);
        Message r = new Message(raw);
        assertNotAuth(r, Rcode.BADTIME, KEY_NAME);
        TSIGRecord mac = r.getTSIG();
        assertEquals(32, mac.getSignature().length, "BADTIME is signed (RFC 8945 §5.2.3)");
        assertEquals(6, mac.getOther().length, "with the server's time as other data");
        assertEquals(Rcode.NOERROR, key.verify(r, raw, new Message(query).getTSIG()), "the client can check the MAC");
        assertEquals(now.plus(Duration.ofHours(1)).getEpochSecond(),
                ((mac.getOther()[0] & 0xffL) << 40) | ((mac.getOther()[1] & 0xffL) << 32)
                        | ((mac.getOther()[2] & 0xffL) << 24) | ((mac.getOther()[3] & 0xffL) << 16)
                        | ((mac.getOther()[4] & 0xffL) << 8) | (mac.getOther()[5] & 0xffL));
    }

    @Test
    void tsigRecordsThatDoNotParseAreFormatErrors() throws Exception {
        byte[] good = wire(signedQuery(".", Type.SOA, 0, clientKey(SECRET)));
        // MAC SIZE claiming more bytes than the RDATA has: the record parses by RDLENGTH, its RDATA does not
        byte[] longMac = good.clone();
        int macSize = macSizeOffset(good);
        longMac[macSize] = (byte) 0x7f;
        assertEquals(Rcode.FORMERR, new Message(ask(processor, longMac, false)).getRcode());
        // RDLENGTH past the end of the packet
        byte[] overrun = good.clone();
        int rdlength = rdlengthOffset(good);
        overrun[rdlength] = (byte) 0xff;
        assertEquals(Rcode.FORMERR, new Message(ask(processor, overrun, false)).getRcode());
        // a TSIG that is not the last record (an OPT after it)
        byte[] notLast = Arrays.copyOf(good, good.length + 11);
        System.arraycopy(new OPTRecord(1232, 0, 0).toWire(Section.ADDITIONAL), 0, notLast, good.length, 11);
        notLast[11] = 2;
        assertEquals(Rcode.FORMERR, new Message(ask(processor, notLast, false)).getRcode());
    }

    @Test
    void signedTransfersStillGoToTheTransferHandler() {
        byte[] axfr = wire(signedQuery(".", Type.AXFR, 0, clientKey(OTHER_SECRET)));
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        assertEquals(QueryProcessor.TRANSFER, processor.process(axfr, axfr.length, true, new ParsedQuery(), out),
                "the transfer handler checks its own TSIG");
    }

    private static void assertNotAuth(Message r, int tsigError, Name keyName) {
        assertEquals(Rcode.NOTAUTH, r.getRcode());
        assertEquals(0, r.getHeader().getCount(Section.QUESTION), "no question, as NSD answers");
        assertFalse(r.getHeader().getFlag(Flags.AA));
        TSIGRecord mac = r.getTSIG();
        assertNotNull(mac, "the error travels in a TSIG record");
        assertEquals(tsigError, mac.getError());
        assertEquals(keyName, mac.getName());
        assertEquals(4711, mac.getOriginalID());
        if (tsigError != Rcode.BADTIME) {
            assertEquals(0, mac.getSignature().length, "unsigned (RFC 8945 §5.2.1, §5.2.2)");
        }
    }

    /** Offset of the RDLENGTH of the TSIG record, the last of the message (owner q-key., uncompressed). */
    private static int rdlengthOffset(byte[] signed) {
        int tsigStart = signed.length - tsigLength(signed);
        return tsigStart + KEY_NAME.length() + 8;
    }

    private static int macSizeOffset(byte[] signed) {
        return rdlengthOffset(signed) + 2 + TSIG.HMAC_SHA256.length() + 8;
    }

    private static int tsigLength(byte[] signed) {
        try {
            return new Message(signed).getTSIG().toWire(Section.ADDITIONAL).length;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
