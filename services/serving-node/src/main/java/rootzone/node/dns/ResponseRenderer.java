package rootzone.node.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Type;
import rootzone.zone.RRset;

/**
 * Encodes an Answer after a given question into a Template, as NSD's encode_answer does: name
 * compression against the question (from the closest encloser up) and earlier names; RDATA names
 * compressed only for the RFC 1035 types (RFC 3597 §4); an RRset and its RRSIGs go in whole or not at
 * all; an answer or authority set that does not fit sets TC and ends the message; an optional set
 * (apex NS of a positive answer, sibling glue) that does not fit is left out without TC, and ends that
 * section; a referral that could keep no glue A record, or left out in-domain glue (RFC 9471 §3), is
 * sent with TC, keeping the records that fit.
 */
final class ResponseRenderer {

    /**
     * One renderer per thread, reused: after a switch the answer threads render what the version
     * changed, and a fresh 65 KiB buffer per render was most of the garbage collected then.
     */
    private static final ThreadLocal<ResponseRenderer> RENDERERS = ThreadLocal.withInitial(ResponseRenderer::new);

    /** Room for the largest message and one record past the limit before the check. */
    private final byte[] out = new byte[QueryProcessor.MAX_MESSAGE + 1024];
    private int limit;
    private int pos;
    private final Map<String, Integer> offsets = new HashMap<>();
    private final List<Integer> pointers = new ArrayList<>();
    /** The negative answer's SOA as the renderer met it: where it began, the targets known then, its records. */
    private int soaMark;
    private int soaEnd;
    private int soaRecords;
    private int soaSection;
    private String[] soaKeys;
    private int[] soaPositions;

    /**
     * @param question     buffer holding the question name at qnameOffset
     * @param qnameLength  bytes of the question name
     * @param qLabels      label offsets of the question name in {@code question}
     * @param qLabelCount  its label count
     * @param ceLabelCount labels of the closest encloser: only its suffixes of the question name are
     *                     compression targets (names below it are not in the zone)
     * @param limit        bytes available for header, question and records (OPT excluded)
     */
    static Template render(Answer answer, byte[] question, int qnameOffset, int qnameLength, int[] qLabels,
                           int qLabelCount, int ceLabelCount, int qtype, int qclass, boolean dnssec, boolean secure,
                           int limit) {
        ResponseRenderer r = RENDERERS.get();
        r.reset(limit);
        r.pos = 12;
        System.arraycopy(question, qnameOffset, r.out, 12, qnameLength);
        for (int i = qLabelCount - ceLabelCount; i < qLabelCount; i++) {
            r.offsets.put(key(question, qLabels[i], qnameOffset + qnameLength), 12 + qLabels[i] - qnameOffset);
        }
        r.pos += qnameLength;
        r.u16(qtype);
        r.u16(qclass);
        int bodyStart = r.pos;
        boolean withSignatures = dnssec && secure;
        int[] counts = r.encode(answer, withSignatures);
        boolean tc = counts[Answer.SECTIONS] != 0;
        int flags = 0x80 | (answer.authoritative ? 0x04 : 0) | (tc ? 0x02 : 0);
        Template.Tail tail = r.soaMark >= 0 && r.soaEnd == r.pos && !tc
                ? new Template.Tail(r.soaMark - bodyStart, r.soaSection, withSignatures, limit, r.soaRecords, r.soaKeys,
                        r.soaPositions)
                : null;
        return new Template(flags, answer.rcode, counts[Answer.ANSWER],
                counts[Answer.AUTHORITY] + counts[Answer.OPTIONAL_AUTHORITY],
                counts[Answer.ADDITIONAL_A] + counts[Answer.ADDITIONAL_AAAA], qnameLength, r.body(bodyStart),
                r.bodyPointers(bodyStart), answer.dependencies(), tail);
    }

    /**
     * The template with another SOA at the end of its negative answer: the body up to the old SOA, then
     * the new one written with the compression targets a fresh render would have there, so the bytes
     * are those of a fresh render (the rest of the answer having been checked unchanged). Null when the
     * new SOA does not fit, or has another number of records, as the old one.
     */
    static Template withSoa(Template t, RRset soa) {
        Template.Tail tail = t.tail;
        ResponseRenderer r = RENDERERS.get();
        r.reset(tail.limit());
        for (int i = 0; i < tail.keys().length; i++) {
            r.offsets.put(tail.keys()[i], tail.positions()[i]);
        }
        int bodyStart = 12 + t.qnameLength + 4;
        System.arraycopy(t.body, 0, r.out, bodyStart, tail.at());
        for (int p : t.pointers) {
            if (p < tail.at()) {
                r.pointers.add(bodyStart + p);
            }
        }
        r.pos = bodyStart + tail.at();
        if (r.writeSet(new Answer.Item(tail.section(), soa, true, false), tail.withSignatures()) != tail.records()) {
            return null;
        }
        return new Template(t.flags, t.rcode, t.answerCount, t.authorityCount, t.additionalCount, t.qnameLength,
                r.body(bodyStart), r.bodyPointers(bodyStart), t.dependenciesWithSoa(soa), tail);
    }

    /** What was written after the question, for a template. */
    private byte[] body(int bodyStart) {
        return java.util.Arrays.copyOfRange(out, bodyStart, pos);
    }

    /** The compression pointers written, as positions in the body. */
    private int[] bodyPointers(int bodyStart) {
        return pointers.stream().mapToInt(p -> p - bodyStart).toArray();
    }

    private void reset(int limit) {
        this.limit = limit;
        offsets.clear();
        pointers.clear();
        soaMark = -1;
        soaEnd = -1;
    }

    /** Encodes section by section; the extra last element is 1 when TC must be set. */
    private int[] encode(Answer answer, boolean withSignatures) {
        int[] counts = new int[Answer.SECTIONS + 1];
        boolean tc = false;
        boolean requiredLeftOut = false;
        for (int section = 0; section < Answer.SECTIONS && !tc; section++) {
            boolean done = false;
            for (Answer.Item item : answer.items()) {
                if (tc) {
                    break;
                }
                if (item.section() != section) {
                    continue;
                }
                int mark = pos;
                boolean negativeSoa = item.negativeTtl() && item.rrset().type() == Type.SOA;
                if (negativeSoa) {
                    soaMark = mark;
                    soaSection = section;
                    soaKeys = offsets.keySet().toArray(new String[0]);
                    soaPositions = new int[soaKeys.length];
                    for (int k = 0; k < soaKeys.length; k++) {
                        soaPositions[k] = offsets.get(soaKeys[k]);
                    }
                }
                int added = writeSet(item, withSignatures);
                if (negativeSoa) {
                    soaRecords = added;
                    soaEnd = added < 0 ? -1 : pos;
                }
                if (added < 0) {
                    rollback(mark);
                    if (section >= Answer.OPTIONAL_AUTHORITY) {
                        done = true;
                        requiredLeftOut |= item.required();
                    } else {
                        tc = true;
                    }
                    continue;
                }
                counts[section] += added;
            }
            if (done) {
                if (section == Answer.ADDITIONAL_A && counts[Answer.ADDITIONAL_A] == 0 && answer.delegation) {
                    tc = true; // a referral with no usable address is useless: let the resolver retry on TCP
                }
                // RFC 9471 §3: in-domain glue that is left out, here or in a later section, means TC
                for (Answer.Item item : answer.items()) {
                    requiredLeftOut |= item.required() && item.section() > section;
                }
                tc |= requiredLeftOut;
                break;
            }
        }
        counts[Answer.SECTIONS] = tc ? 1 : 0;
        return counts;
    }

    /** Writes the set and, with DNSSEC, its signatures; returns the record count or -1 when they do not fit. */
    private int writeSet(Answer.Item item, boolean withSignatures) {
        RRset set = item.rrset();
        long setTtl = -1;
        if (item.negativeTtl() && set.type() == Type.SOA) {
            SOARecord soa = (SOARecord) set.first();
            setTtl = Math.min(soa.getTTL(), soa.getMinimum());
        }
        int n = 0;
        for (Record rec : set.records()) {
            if (!writeRecord(rec, setTtl >= 0 ? setTtl : rec.getTTL())) {
                return -1;
            }
            n++;
        }
        if (withSignatures && set.type() != Type.RRSIG) {
            for (Record sig : set.signatures()) {
                // NSD gives the SOA's signature the SOA's TTL (the negative one in negative answers)
                long ttl = set.type() == Type.SOA ? (setTtl >= 0 ? setTtl : set.first().getTTL()) : sig.getTTL();
                if (!writeRecord(sig, ttl)) {
                    return -1;
                }
                n++;
            }
        }
        return n;
    }

    private boolean writeRecord(Record rec, long ttl) {
        if (pos + 11 > limit) {
            return false;
        }
        writeName(rec.getName());
        u16(rec.getType());
        u16(rec.getDClass());
        u32(ttl);
        int rdlenAt = pos;
        pos += 2;
        if (rec instanceof SOARecord soa) {
            writeName(soa.getHost());
            writeName(soa.getAdmin());
            u32(soa.getSerial());
            u32(soa.getRefresh());
            u32(soa.getRetry());
            u32(soa.getExpire());
            u32(soa.getMinimum());
        } else if (rec instanceof MXRecord mx) {
            u16(mx.getPriority());
            writeName(mx.getTarget());
        } else if (rec instanceof NSRecord ns) {
            writeName(ns.getTarget());
        } else if (rec instanceof CNAMERecord cname) {
            writeName(cname.getTarget());
        } else if (rec instanceof PTRRecord ptr) {
            writeName(ptr.getTarget());
        } else {
            byte[] wire = rec.toWire(Section.ANSWER);
            int rdataStart = rec.getName().length() + 10;
            int len = wire.length - rdataStart;
            if (pos + len > out.length) {
                return false;
            }
            System.arraycopy(wire, rdataStart, out, pos, len);
            pos += len;
        }
        if (pos > limit) {
            return false;
        }
        int rdlen = pos - rdlenAt - 2;
        out[rdlenAt] = (byte) (rdlen >> 8);
        out[rdlenAt + 1] = (byte) rdlen;
        return true;
    }

    private void writeName(Name name) {
        byte[] wire = name.toWire();
        int p = 0;
        while (wire[p] != 0) {
            if (pos + (wire.length - p) > out.length) {
                pos = out.length; // cannot fit: the caller's limit check fails
                return;
            }
            String k = key(wire, p, wire.length);
            Integer target = offsets.get(k);
            if (target != null) {
                pointers.add(pos);
                out[pos++] = (byte) (0xc0 | (target >> 8));
                out[pos++] = (byte) (int) target;
                return;
            }
            if (pos < 0x4000) {
                offsets.put(k, pos);
            }
            int len = wire[p] + 1;
            System.arraycopy(wire, p, out, pos, len);
            pos += len;
            p += len;
        }
        out[pos++] = 0;
    }

    /** Lower-cased suffix of a wire name from {@code from} (a label start) to its end, as a map key. */
    private static String key(byte[] wire, int from, int end) {
        byte[] b = new byte[end - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) WireNames.lower(wire[from + i] & 0xff);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private void rollback(int mark) {
        pos = mark;
        offsets.values().removeIf(o -> o >= mark);
        pointers.removeIf(p -> p >= mark);
    }

    private void u16(int v) {
        out[pos++] = (byte) (v >> 8);
        out[pos++] = (byte) v;
    }

    private void u32(long v) {
        out[pos++] = (byte) (v >> 24);
        out[pos++] = (byte) (v >> 16);
        out[pos++] = (byte) (v >> 8);
        out[pos++] = (byte) v;
    }
}
