package rootzone.node.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
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
 * Sends the same queries to two servers and lists every difference in the responses: rcode, the
 * flags QR AA TC RD RA AD CD, the question, each section as a set of records (with TTLs), the OPT
 * record (presence, payload size, DO, version) and the message size.
 *
 * <p>Two differences are allowed, both documented in docs/dns-behaviour.md. NSD clears CD in
 * responses, this server copies it as RFC 4035 §3.1.6 requires: for a query with CD set the reference
 * (NSD) must have CD clear and ours CD set. NSD 4.6 drops in-domain glue that does not fit without
 * TC, this server sets TC as RFC 9471 §3 requires: a UDP referral may differ in TC alone (reference
 * clear, ours set, the same records) when the full referral (asked over TCP) has in-domain glue that
 * ours lacks. Independently of the reference, every UDP referral of ours without TC must carry all
 * its in-domain glue.
 */
final class PeerComparison {

    /** How the query is sent: EDNS payload (0 = no EDNS), DO, CD, over TCP. */
    record Mode(int payload, boolean dnssecOk, boolean cd, boolean tcp) {
        @Override
        public String toString() {
            return (payload == 0 ? "noedns" : "edns" + payload) + (dnssecOk ? "+do" : "") + (cd ? "+cd" : "")
                    + (tcp ? "/tcp" : "/udp");
        }
    }

    record Case(Name name, int type, int dclass, Mode mode, int ednsVersion) {
        @Override
        public String toString() {
            return name + " " + Type.string(type) + (dclass != DClass.IN ? " " + DClass.string(dclass) : "") + " "
                    + mode + (ednsVersion != 0 ? " ednsversion=" + ednsVersion : "");
        }

        byte[] wire(int id) {
            return message(id).toWire();
        }

        /** The query, signed with {@code key} (RFC 8945), in wire form. */
        byte[] signedWire(int id, TSIG key) {
            Message m = message(id);
            m.setTSIG(key);
            return m.toWire(65535); // dnsjava signs only when given a size
        }

        Message message(int id) {
            Message m = Message.newQuery(Record.newRecord(name, type, dclass));
            m.getHeader().setID(id);
            m.getHeader().unsetFlag(Flags.RD);
            if (mode.cd()) {
                m.getHeader().setFlag(Flags.CD);
            }
            if (mode.payload() > 0) {
                m.addRecord(new OPTRecord(mode.payload(), 0, ednsVersion, mode.dnssecOk() ? ExtendedFlags.DO : 0),
                        Section.ADDITIONAL);
            }
            return m;
        }
    }

    static final List<Mode> UDP_MODES = List.of(
            new Mode(0, false, false, false),
            new Mode(512, false, false, false),
            new Mode(512, true, false, false),
            new Mode(1232, false, false, false),
            new Mode(1232, true, false, false),
            new Mode(4096, true, false, false));

    /** Queries the servers in turn; returns "case: difference" lines, empty when they agree on everything. */
    static List<String> compare(int referencePort, int ourPort, List<Case> cases) throws IOException {
        return compare(referencePort, ourPort, cases, null);
    }

    /**
     * As above; with a key, every query is signed with it and the responses' TSIG records must agree
     * too (see tsigDiff); the rest of the comparison is on the responses without them.
     */
    static List<String> compare(int referencePort, int ourPort, List<Case> cases, TSIG key) throws IOException {
        List<String> diffs = new ArrayList<>();
        int id = 1;
        for (Case c : cases) {
            byte[] q = key == null ? c.wire(id++ & 0xffff) : c.signedWire(id++ & 0xffff, key);
            byte[] ref = exchange(referencePort, q, c.mode().tcp());
            byte[] ours = exchange(ourPort, q, c.mode().tcp());
            if (ref == null || ours == null) {
                if ((ref == null) != (ours == null)) {
                    diffs.add(c + ": " + (ref == null ? "reference sent no response" : "we sent no response"));
                }
                continue;
            }
            Message refMessage = new Message(ref);
            Message ourMessage = new Message(ours);
            List<String> signature = List.of();
            if (key != null) {
                signature = tsigDiff(key, new Message(q).getTSIG(), ref, ours);
                strip(refMessage);
                strip(ourMessage);
            }
            List<String> d = diff(refMessage, ourMessage, c.mode().cd());
            Set<String> missingGlue = c.mode().tcp() ? Set.of() : missingInDomainGlue(ourPort, c, ourMessage);
            if (d.equals(List.of(TC_SET_BY_US)) && !missingGlue.isEmpty()) {
                d = List.of(); // RFC 9471 §3: the documented difference from NSD 4.6
            }
            if (!missingGlue.isEmpty() && !ourMessage.getHeader().getFlag(Flags.TC)) {
                d = new ArrayList<>(d);
                d.add("in-domain glue " + missingGlue + " left out without TC (RFC 9471 §3)");
            }
            for (String line : d) {
                diffs.add(c + ": " + line);
            }
            for (String line : signature) {
                diffs.add(c + ": " + line);
            }
            if (ref.length != ours.length) {
                diffs.add(c + ": size " + ref.length + " (reference) vs " + ours.length);
            }
        }
        return diffs;
    }

    /**
     * The TSIG records of two responses to the same signed query: both present, the same key name,
     * algorithm, error, MAC length, original ID, fudge and other-data length; where the error says
     * the response is signed (NOERROR, BADTIME), both MACs verify with the key over the query's MAC.
     */
    static List<String> tsigDiff(TSIG key, TSIGRecord queryMac, byte[] ref, byte[] ours) throws IOException {
        TSIGRecord a = new Message(ref).getTSIG();
        TSIGRecord b = new Message(ours).getTSIG();
        if (a == null || b == null) {
            return a == b ? List.of() : List.of("TSIG " + (a == null ? "absent" : "present") + " vs "
                    + (b == null ? "absent" : "present"));
        }
        List<String> d = new ArrayList<>();
        String fa = tsigShape(a);
        String fb = tsigShape(b);
        if (!fa.equals(fb)) {
            d.add("TSIG " + fa + " vs " + fb);
        }
        if (b.getError() == Rcode.NOERROR || b.getError() == Rcode.BADTIME) {
            if (key.verify(new Message(ref), ref, queryMac) != Rcode.NOERROR) {
                d.add("the reference's TSIG does not verify");
            }
            if (key.verify(new Message(ours), ours, queryMac) != Rcode.NOERROR) {
                d.add("our TSIG does not verify");
            }
        }
        return d;
    }

    /** What two servers' TSIGs share: everything but the time signed and the MAC bytes. */
    private static String tsigShape(TSIGRecord r) {
        return r.getName() + " " + r.getAlgorithm() + " error=" + Rcode.TSIGstring(r.getError()) + " mac="
                + r.getSignature().length + " id=" + r.getOriginalID() + " fudge=" + r.getFudge().getSeconds()
                + " other=" + (r.getOther() == null ? 0 : r.getOther().length);
    }

    private static void strip(Message m) {
        TSIGRecord r = m.getTSIG();
        if (r != null) {
            m.removeRecord(r, Section.ADDITIONAL);
        }
    }

    private static final String TC_SET_BY_US = "flag " + Flags.string(Flags.TC) + " false vs true";

    /**
     * For a referral (NOERROR, no AA, NS in authority): the in-domain glue (A/AAAA of NS targets at or
     * below the cut, RFC 9471 §2.1) that the full referral, asked again over TCP, has and this one
     * lacks. Empty for any other response.
     */
    static Set<String> missingInDomainGlue(int port, Case c, Message response) throws IOException {
        if (response.getRcode() != 0 || response.getHeader().getFlag(Flags.AA)) {
            return Set.of();
        }
        Set<Name> inDomain = new java.util.HashSet<>();
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof org.xbill.DNS.NSRecord ns && ns.getTarget().subdomain(ns.getName())) {
                inDomain.add(ns.getTarget());
            }
        }
        if (inDomain.isEmpty()) {
            return Set.of();
        }
        Mode tcp = new Mode(c.mode().payload() == 0 ? 1232 : c.mode().payload(), c.mode().dnssecOk(), false, true);
        Message full = new Message(exchange(port, new Case(c.name(), c.type(), c.dclass(), tcp, 0).wire(0xbeef), true));
        Set<String> missing = new TreeSet<>();
        for (Record r : full.getSection(Section.ADDITIONAL)) {
            if ((r.getType() == Type.A || r.getType() == Type.AAAA) && inDomain.contains(r.getName())) {
                missing.add(glueKey(r));
            }
        }
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            missing.remove(glueKey(r));
        }
        return missing;
    }

    /** Owner and type, lower-cased: 0x20 queries give owners the question's case. */
    private static String glueKey(Record r) {
        return r.getName().toString().toLowerCase(java.util.Locale.ROOT) + " " + Type.string(r.getType());
    }

    private static byte[] exchange(int port, byte[] q, boolean tcp) throws IOException {
        if (tcp) {
            return DnsTestSupport.tcp(port, List.of(q)).get(0);
        }
        byte[] r = DnsTestSupport.udp(port, q, 2000);
        return r != null ? r : DnsTestSupport.udp(port, q, 2000); // one retry: UDP on a busy box
    }

    static List<String> diff(Message ref, Message ours, boolean cdQuery) {
        List<String> d = new ArrayList<>();
        if (ref.getRcode() != ours.getRcode()) {
            d.add("rcode " + ref.getRcode() + " vs " + ours.getRcode());
        }
        Header a = ref.getHeader();
        Header b = ours.getHeader();
        if (a.getOpcode() != b.getOpcode()) {
            d.add("opcode " + a.getOpcode() + " vs " + b.getOpcode());
        }
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            boolean fa = a.getFlag(flag);
            boolean fb = b.getFlag(flag);
            if (flag == Flags.CD && cdQuery) {
                if (fa || !fb) {
                    d.add("CD: expected reference clear, ours copied from the query; got " + fa + " vs " + fb);
                }
            } else if (fa != fb) {
                d.add("flag " + Flags.string(flag) + " " + fa + " vs " + fb);
            }
        }
        for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            Set<String> ra = records(ref, section);
            Set<String> rb = records(ours, section);
            if (!ra.equals(rb)) {
                Set<String> only = new TreeSet<>(ra);
                only.removeAll(rb);
                Set<String> extra = new TreeSet<>(rb);
                extra.removeAll(ra);
                d.add(Section.string(section) + " differs: reference only " + only + ", ours only " + extra);
            }
        }
        OPTRecord oa = ref.getOPT();
        OPTRecord ob = ours.getOPT();
        if ((oa == null) != (ob == null)) {
            d.add("OPT " + (oa == null ? "absent" : "present") + " vs " + (ob == null ? "absent" : "present"));
        } else if (oa != null && (oa.getPayloadSize() != ob.getPayloadSize() || oa.getVersion() != ob.getVersion()
                || (oa.getFlags() & ExtendedFlags.DO) != (ob.getFlags() & ExtendedFlags.DO))) {
            d.add("OPT " + oa + " vs " + ob);
        }
        return d;
    }

    private static Set<String> records(Message m, int section) {
        Set<String> s = new TreeSet<>();
        for (Record r : m.getSection(section)) {
            if (r.getType() != Type.OPT) {
                s.add(section == Section.QUESTION ? r.getName() + " " + Type.string(r.getType()) + " "
                        + DClass.string(r.getDClass()) : r.toString());
            }
        }
        return s;
    }

    /** Mixed case as a resolver using 0x20 would send (the answer must copy the question's case). */
    static Name mixCase(Name n, Random random) {
        StringBuilder b = new StringBuilder();
        for (char ch : n.toString().toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(ch) : ch);
        }
        return Name.fromConstantString(b.toString());
    }

    private PeerComparison() {}
}
