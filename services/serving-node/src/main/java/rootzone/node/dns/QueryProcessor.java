package rootzone.node.dns;

import java.nio.charset.StandardCharsets;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Turns one query packet into one response packet (or none), answering from the version held by a
 * ServedZone. The common answers are pre-rendered templates per name: a query costs a parse, a hash
 * lookup per label, at most one binary search (NSEC for NXDOMAIN with DO) and a copy.
 * Thread-safe; callers pass their own ParsedQuery and output buffer.
 */
public final class QueryProcessor {

    /** Returned instead of a length when the query is an AXFR/IXFR to hand to the TransferHandler. */
    public static final int TRANSFER = -1;
    /** Largest response: a TCP message; UDP output buffers need only the largest UDP payload. */
    public static final int MAX_MESSAGE = 65535;

    private static final int OPT_SIZE = 11;
    /** A ZONEVERSION option of type SOA-SERIAL: code, length, LABELCOUNT, TYPE, 4-byte serial (RFC 9660 §2). */
    private static final int ZONEVERSION_SIZE = 10;
    private static final int ZONEVERSION_SOA_SERIAL = 0;
    private static final int EDE_NOT_SUPPORTED = 21;
    private static final int EDE_NOT_AUTHORITATIVE = 20;
    private static final int TYPE_AXFR = 252;
    private static final int TYPE_IXFR = 251;
    private static final int CLASS_IN = 1;
    private static final int CLASS_CH = 3;
    private static final byte[][] ID_NAMES = {wire("id.server"), wire("hostname.bind")};
    private static final byte[][] VERSION_NAMES = {wire("version.bind"), wire("version.server")};

    private final ServedZone served;
    private final AnswerConfig config;
    private final QueryStats stats;
    private final boolean transfersHandled;

    public QueryProcessor(ServedZone served, AnswerConfig config, QueryStats stats, boolean transfersHandled) {
        this.served = served;
        this.config = config;
        this.stats = stats;
        this.transfersHandled = transfersHandled;
    }

    public QueryStats stats() {
        return stats;
    }

    /**
     * The largest response this processor writes for a UDP query: answers fit the advertised EDNS
     * payload size (RFC 6891 §6.2.5), and what else goes over UDP (a header, the question, an OPT
     * with an EDE, a TSIG) takes well under 4 KiB.
     */
    public int largestUdpResponse() {
        return Math.max(config.ednsPayloadSize(), 4096);
    }

    /**
     * @return the response length in {@code out}, 0 for no response, or TRANSFER
     */
    public int process(byte[] query, int length, boolean tcp, ParsedQuery q, byte[] out) {
        ParsedQuery.Outcome outcome = QueryParser.parse(query, length, q);
        switch (outcome) {
            case DROP:
                stats.drop();
                return 0;
            case FORMERR:
                return headerOnly(query, out, Rcode.FORMERR, false);
            case NOTIMP:
                stats.query(q.qtype, tcp);
                return headerOnly(query, out, Rcode.NOTIMP, false);
            case BADVERS:
                stats.query(q.qtype, tcp);
                if (q.tsigAt >= 0) {
                    return signed(query, length, tcp, q, out, true); // NSD signs BADVERS too
                }
                return withQuestion(query, q, out, Rcode.BADVERS, 0);
            default:
                break;
        }
        stats.query(q.qtype, tcp);
        boolean transfer = tcp && transfersHandled && (q.qtype == TYPE_AXFR || q.qtype == TYPE_IXFR);
        if (q.tsigAt >= 0 && !transfer) {
            return signed(query, length, tcp, q, out, false);
        }
        return answer(query, tcp, q, out, 0);
    }

    /**
     * A query closed by a TSIG (RFC 8945), as NSD answers it: verified first; a key the node does not
     * have, a wrong MAC or a time outside the fudge gets NOTAUTH without the question and the TSIG
     * error in an unsigned TSIG (§5.2; BADTIME signed, with the server's time); a query that
     * verified is answered as usual (BADVERS when {@code badVersion}), fitted to the room its
     * signature leaves, and signed (§5.3).
     */
    private int signed(byte[] query, int length, boolean tcp, ParsedQuery q, byte[] out, boolean badVersion) {
        QueryTsig tsig = config.tsig();
        QueryTsig.Verification v = tsig.verify(query, length);
        if (v == null) {
            return headerOnly(query, out, Rcode.FORMERR, false); // a TSIG that does not parse
        }
        int n;
        if (v.error != Rcode.NOERROR) {
            n = header(query, out, Rcode.NOTAUTH, false, 0, 0, 0, 0);
            if (q.edns) {
                n = opt(out, n, 0, q.dnssecOk);
            }
            stats.response(Rcode.NOTAUTH, false);
        } else if (badVersion) {
            n = withQuestion(query, q, out, Rcode.BADVERS, 0);
        } else {
            n = answer(query, tcp, q, out, tsig.reserve(v));
        }
        byte[] record = tsig.responseRecord(v, out, n);
        System.arraycopy(record, 0, out, n, record.length);
        countAdditional(out);
        return n + record.length;
    }

    /** The response to a parsed query, fitted to its limit less {@code reserved} bytes (for a TSIG). */
    private int answer(byte[] query, boolean tcp, ParsedQuery q, byte[] out, int reserved) {
        int limit;
        if (tcp) {
            limit = MAX_MESSAGE;
        } else if (q.edns && q.ednsPayload > 512) {
            limit = Math.min(q.ednsPayload, config.ednsPayloadSize());
        } else {
            limit = 512; // RFC 6891 §6.2.5: smaller advertised sizes count as 512
        }
        int room = limit - (q.edns ? OPT_SIZE : 0) - (q.zoneVersion ? ZONEVERSION_SIZE : 0) - reserved;
        if (q.qclass == CLASS_CH) {
            return chaos(query, q, out);
        }
        if (q.qclass != CLASS_IN) {
            return headerOnly(query, out, Rcode.REFUSED, q.edns); // also class ANY: see dns-behaviour.md
        }
        if (q.qtype == TYPE_AXFR || q.qtype == TYPE_IXFR) {
            if (tcp && transfersHandled) {
                stats.transfer(); // signed or not: the transfer handler checks its own TSIG
                return TRANSFER;
            }
            if (tcp || q.qtype == TYPE_AXFR) {
                return headerOnly(query, out, Rcode.REFUSED, q.edns);
            }
            // IXFR over UDP without a transfer engine: fall through to the SOA answer below, which
            // tells the client the current serial and to use TCP (RFC 1995 §2)
        }
        ZoneIndex zone = served.current();
        if (zone == null) {
            return withQuestion(query, q, out, Rcode.SERVFAIL, 0);
        }
        WireNames.suffixHashes(query, q.labelOffsets, q.labelCount, q.suffixHashes);
        int end = 12 + q.qnameLength;
        DomainNode ce = null;
        int ceIndex = 0;
        for (; ceIndex <= q.labelCount; ceIndex++) {
            int off = q.labelOffsets[ceIndex];
            ce = zone.find(query, off, end - off, q.suffixHashes[ceIndex]);
            if (ce != null) {
                break;
            }
        }
        if (ce == null) {
            return withQuestion(query, q, out, Rcode.REFUSED, EDE_NOT_AUTHORITATIVE); // not a zone we serve
        }
        boolean exact = ceIndex == 0;
        int qtype = q.qtype == TYPE_IXFR ? Type.SOA : q.qtype;
        int d = q.dnssecOk && zone.secure() ? 1 : 0;
        Template t = cachedOrBuild(zone, q, query, ce, exact, qtype, d, 0);
        if (t.size(q.questionLength()) > room || !t.pointersFit(q.qnameLength - t.qnameLength)) {
            t = cachedOrBuild(zone, q, query, ce, exact, qtype, d, room);
        }
        int n = t.write(query, q.questionLength(), q.qnameLength, out);
        if (q.edns) {
            n = opt(out, n, 0, q.dnssecOk);
            if (q.zoneVersion) {
                n = addZoneVersion(out, n, zone);
            }
        }
        stats.response(t.rcode, t.truncated());
        return n;
    }

    /**
     * The template for this query: from the node's cache when {@code room} is 0 (rendered for the
     * largest message after the closest encloser's own name), else fitted to the query's room (the
     * answers that need truncation). Fitted templates depend only on the room and the query name's
     * length (compression targets are the closest encloser's suffixes, at fixed distances from the
     * end of the name), so those for the classic rooms (512 bytes, less an OPT, less an OPT and a ZONEVERSION) are cached too, a few per name.
     */
    private Template cachedOrBuild(ZoneIndex zone, ParsedQuery q, byte[] query, DomainNode ce, boolean exact,
                                   int qtype, int d, int room) {
        boolean dnssec = d == 1;
        int kind;
        Template[] slots;
        int slotsKind;
        int slot;
        DomainNode cover = null;
        DomainNode.Caches cache = ce.caches(zone.generation);
        if (ce.cut != null && !(exact && ce.isCut() && qtype == Type.DS)) {
            kind = REFERRAL;
            slots = cache.referral;
            slotsKind = 0;
            slot = d;
        } else if (exact) {
            int i = qtype == Type.ANY ? ce.rrsets.size() : ce.indexOf(qtype);
            kind = EXACT;
            slots = i < 0 ? cache.nodata : cache.positive;
            slotsKind = i < 0 ? 1 : 2;
            slot = i < 0 ? d : 2 * i + d;
        } else {
            kind = NXDOMAIN;
            cover = dnssec ? zone.coveringNsec(query, q.labelOffsets, q.labelCount) : null;
            if (cover != null) {
                if (room > 0) {
                    return render(plan(zone, ce, cover, kind, qtype, dnssec), zone, q, query, ce, dnssec, room);
                }
                Template t = cache.nxdomainSigned.get(cover);
                if (t == null) {
                    t = cache.carriedNxdomain(cover, zone);
                    if (t == null) {
                        t = render(plan(zone, ce, cover, kind, qtype, dnssec), zone, ce, dnssec);
                    }
                    cache.nxdomainSigned.put(cover, t);
                }
                return t;
            }
            slots = cache.nxdomainPlain;
            slotsKind = DomainNode.Caches.NXDOMAIN_PLAIN;
            slot = d;
        }
        if (room == 0) {
            Template t = slots[slot];
            if (t == null) {
                t = cache.carried(slotsKind, slot, zone);
                if (t == null) {
                    t = render(plan(zone, ce, cover, kind, qtype, dnssec), zone, ce, dnssec);
                }
                slots[slot] = t;
            }
            return t;
        }
        if (room != 512 && room != 512 - OPT_SIZE && room != 512 - OPT_SIZE - ZONEVERSION_SIZE) {
            return render(plan(zone, ce, cover, kind, qtype, dnssec), zone, q, query, ce, dnssec, room);
        }
        // which cached slot it fits (the array, as 0..3, and its index), the room (as 0..2), the name's length
        int key = ((slot * 4 + slotsKind) * 4 + (room == 512 ? 0 : room == 512 - OPT_SIZE ? 1 : 2)) * 256 + q.qnameLength;
        Template t = cache.fitted(key);
        if (t == null) {
            t = cache.carriedFitted(key, zone);
            if (t == null) {
                t = render(plan(zone, ce, cover, kind, qtype, dnssec), zone, q, query, ce, dnssec, room);
            }
            cache.keepFitted(key, t, MAX_FITTED_PER_NAME);
        }
        return t;
    }

    private static final int REFERRAL = 0;
    private static final int EXACT = 1;
    private static final int NXDOMAIN = 2;
    /** Bounds the fitted templates of one name whatever lengths of query names an attacker sends. */
    private static final int MAX_FITTED_PER_NAME = 64;

    private static Answer plan(ZoneIndex zone, DomainNode ce, DomainNode cover, int kind, int qtype, boolean dnssec) {
        switch (kind) {
            case REFERRAL:
                return AnswerPlanner.referral(zone, ce.cut, dnssec);
            case EXACT:
                return AnswerPlanner.exact(zone, ce, qtype, dnssec);
            default:
                return AnswerPlanner.nxdomain(zone, ce, cover, dnssec);
        }
    }

    /** A cacheable template: rendered after the closest encloser's name as the question. */
    private static Template render(Answer a, ZoneIndex zone, DomainNode ce, boolean dnssec) {
        return ResponseRenderer.render(a, ce.wire, 0, ce.wire.length, ce.labelOffsets, ce.labelCount, ce.labelCount,
                Type.A, CLASS_IN, dnssec, zone.secure(), MAX_MESSAGE - OPT_SIZE);
    }

    /** A one-off template for the query's own question and room. */
    private static Template render(Answer a, ZoneIndex zone, ParsedQuery q, byte[] query, DomainNode ce,
                                   boolean dnssec, int room) {
        return ResponseRenderer.render(a, query, 12, q.qnameLength, q.labelOffsets, q.labelCount, ce.labelCount,
                q.qtype, q.qclass, dnssec, zone.secure(), room);
    }

    /** CHAOS TXT identity answers (not authoritative: AA clear, TTL 0); anything else REFUSED. */
    private int chaos(byte[] query, ParsedQuery q, byte[] out) {
        String value = null;
        if (q.qtype == Type.TXT || q.qtype == Type.ANY) {
            NodeIdentity id = config.identity();
            if (matches(query, q, ID_NAMES[0])) {
                value = id.idServer();
            } else if (matches(query, q, ID_NAMES[1])) {
                value = id.hostname();
            } else if (matches(query, q, VERSION_NAMES[0]) || matches(query, q, VERSION_NAMES[1])) {
                value = id.version();
            }
        }
        if (value == null) {
            return withQuestion(query, q, out, Rcode.REFUSED, EDE_NOT_SUPPORTED);
        }
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        int n = header(query, out, Rcode.NOERROR, false, 1, 1, 0, 0);
        System.arraycopy(query, 12, out, 12, q.questionLength());
        n += q.questionLength();
        int[] rr = {0xc0, 0x0c, 0, Type.TXT, 0, CLASS_CH, 0, 0, 0, 0, 0, text.length + 1, text.length};
        for (int b : rr) {
            out[n++] = (byte) b;
        }
        System.arraycopy(text, 0, out, n, text.length);
        n += text.length;
        if (q.edns) {
            n = opt(out, n, 0, q.dnssecOk);
        }
        stats.response(Rcode.NOERROR, false);
        return n;
    }

    private static boolean matches(byte[] query, ParsedQuery q, byte[] lowerWire) {
        return WireNames.equalsLower(query, 12, q.qnameLength, lowerWire);
    }

    /**
     * A response with the question and no records (SERVFAIL, REFUSED, BADVERS), with an OPT when the
     * query had EDNS, carrying the extended RCODE bits and an Extended DNS Error code (RFC 8914) if not 0.
     */
    private int withQuestion(byte[] query, ParsedQuery q, byte[] out, int rcode, int ede) {
        int n = header(query, out, rcode, false, 1, 0, 0, 0);
        System.arraycopy(query, 12, out, 12, q.questionLength());
        n += q.questionLength();
        if (q.edns) {
            n = opt(out, n, rcode >> 4, q.dnssecOk && rcode < 16); // NSD clears DO in BADVERS
            if (ede != 0) {
                n = addEde(out, n, ede);
            }
        }
        stats.response(rcode, false);
        return n;
    }

    /**
     * NSD's error reply: the header alone (the question is not echoed), an OPT only when EDNS was
     * understood. For BADVERS the extended RCODE lives in the OPT (RFC 6891 §6.1.3).
     */
    private int headerOnly(byte[] query, byte[] out, int rcode, boolean withOpt) {
        int n = header(query, out, rcode & 0x0f, false, 0, 0, 0, 0);
        if (rcode == Rcode.FORMERR && (query[2] & 0x02) != 0) {
            out[2] &= (byte) 0xf8; // NSD clears every flag of a query it cannot use, TC included
        }
        if (withOpt) {
            n = opt(out, n, rcode >> 4, false);
        }
        stats.response(rcode, false);
        return n;
    }

    private static int header(byte[] query, byte[] out, int rcode, boolean aa, int qd, int an, int ns, int ar) {
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) (0x80 | (query[2] & 0x78) | (aa ? 0x04 : 0) | (query[2] & 0x01));
        out[3] = (byte) ((query[3] & 0x10) | (rcode & 0x0f));
        out[4] = (byte) (qd >> 8);
        out[5] = (byte) qd;
        out[6] = (byte) (an >> 8);
        out[7] = (byte) an;
        out[8] = (byte) (ns >> 8);
        out[9] = (byte) ns;
        out[10] = (byte) (ar >> 8);
        out[11] = (byte) ar;
        return 12;
    }

    /** Appends the server's OPT record and counts it in ARCOUNT. */
    private int opt(byte[] out, int n, int extendedRcode, boolean dnssecOk) {
        int payload = config.ednsPayloadSize();
        out[n++] = 0;
        out[n++] = 0;
        out[n++] = 41;
        out[n++] = (byte) (payload >> 8);
        out[n++] = (byte) payload;
        out[n++] = (byte) extendedRcode;
        out[n++] = 0;
        out[n++] = (byte) (dnssecOk ? 0x80 : 0); // RFC 3225 §3: DO copied into the response
        out[n++] = 0;
        out[n++] = 0;
        out[n++] = 0;
        countAdditional(out);
        return n;
    }

    private static void countAdditional(byte[] out) {
        int ar = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
        out[10] = (byte) (ar >> 8);
        out[11] = (byte) ar;
    }

    /** Appends an Extended DNS Error option to the OPT record just written at the end. */
    private static int addEde(byte[] out, int n, int code) {
        out[n - 2] = 0;
        out[n - 1] = 6; // RDLENGTH: one option of 2 bytes
        out[n++] = 0;
        out[n++] = 15; // OPTION-CODE EDE
        out[n++] = 0;
        out[n++] = 2;
        out[n++] = (byte) (code >> 8);
        out[n++] = (byte) code;
        return n;
    }

    /**
     * Appends the ZONEVERSION option to the OPT record just written at the end (RFC 9660 §2): the
     * serial of the version this answer came from, with the apex's label count. Only answers from the
     * zone carry it (§3: not REFUSED, SERVFAIL or CHAOS); a referral's version is the parent's, this one.
     */
    private static int addZoneVersion(byte[] out, int n, ZoneIndex zone) {
        int rdlen = ((out[n - 2] & 0xff) << 8 | (out[n - 1] & 0xff)) + ZONEVERSION_SIZE;
        out[n - 2] = (byte) (rdlen >> 8);
        out[n - 1] = (byte) rdlen;
        out[n++] = 0;
        out[n++] = (byte) QueryParser.OPTION_ZONEVERSION;
        out[n++] = 0;
        out[n++] = ZONEVERSION_SIZE - 4;
        out[n++] = (byte) zone.apexLabels;
        out[n++] = ZONEVERSION_SOA_SERIAL;
        long serial = zone.serial;
        out[n++] = (byte) (serial >> 24);
        out[n++] = (byte) (serial >> 16);
        out[n++] = (byte) (serial >> 8);
        out[n++] = (byte) serial;
        return n;
    }

    private static byte[] wire(String name) {
        return org.xbill.DNS.Name.fromConstantString(name + ".").toWireCanonical();
    }
}
