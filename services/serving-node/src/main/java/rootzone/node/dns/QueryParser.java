package rootzone.node.dns;

/**
 * Bounds-checked parsing of a query's header, question and OPT record straight from the packet, with
 * NSD's rules: no response to packets shorter than a header or with QR set; NOTIMP for opcodes other
 * than QUERY; FORMERR for a question that does not parse, QDCOUNT != 1, TC set, answer or authority
 * records (except IXFR's SOA), a malformed or second OPT, or any other additional record (a TSIG
 * is accepted as the last record, RFC 8945 §5.1, and only located here: the transfer handler or
 * QueryTsig verifies it), a ZONEVERSION option that is not empty (RFC 9660 §3); BADVERS for EDNS versions above 0 (RFC 6891 §6.1.3).
 */
final class QueryParser {

    private static final int TYPE_OPT = 41;
    private static final int TYPE_IXFR = 251;
    private static final int TYPE_TSIG = 250;
    static final int OPTION_ZONEVERSION = 19;

    static ParsedQuery.Outcome parse(byte[] p, int len, ParsedQuery q) {
        q.length = len;
        q.edns = false;
        q.dnssecOk = false;
        q.zoneVersion = false;
        q.ednsPayload = 0;
        q.labelCount = 0;
        q.qnameLength = 0;
        q.tsigAt = -1;
        if (len < 12 || (p[2] & 0x80) != 0) {
            return ParsedQuery.Outcome.DROP;
        }
        q.opcode = (p[2] >> 3) & 0x0f;
        q.qdcount = u16(p, 4);
        int pos = 12;
        int labels = 0;
        while (true) {
            if (pos >= len) {
                return ParsedQuery.Outcome.FORMERR;
            }
            int l = p[pos] & 0xff;
            if (l == 0) {
                break;
            }
            if (l > 63 || labels == WireNames.MAX_LABELS) {
                return ParsedQuery.Outcome.FORMERR; // compression pointers and extended label types are refused
            }
            q.labelOffsets[labels++] = pos;
            pos += 1 + l;
        }
        q.labelOffsets[labels] = pos;
        q.labelCount = labels;
        q.qnameLength = pos + 1 - 12;
        if (q.qnameLength > 255 || pos + 5 > len) {
            return ParsedQuery.Outcome.FORMERR;
        }
        q.qtype = u16(p, pos + 1);
        q.qclass = u16(p, pos + 3);
        pos += 5;
        if (q.opcode != 0) {
            return ParsedQuery.Outcome.NOTIMP;
        }
        if (q.qdcount != 1 || (p[2] & 0x02) != 0) {
            return ParsedQuery.Outcome.FORMERR;
        }
        int ancount = u16(p, 6);
        int nscount = u16(p, 8);
        int arcount = u16(p, 10);
        if (ancount != 0 || (nscount != 0 && q.qtype != TYPE_IXFR)) {
            return ParsedQuery.Outcome.FORMERR;
        }
        for (int i = 0; i < nscount; i++) {
            pos = skipRecord(p, len, pos);
            if (pos < 0) {
                return ParsedQuery.Outcome.FORMERR;
            }
        }
        boolean badVersion = false;
        for (int i = 0; i < arcount; i++) {
            // A TSIG must close the message (RFC 8945 §5.1); it is verified after parsing.
            if (i == arcount - 1 && typeAt(p, len, pos) == TYPE_TSIG) {
                if (skipRecord(p, len, pos) < 0) {
                    return ParsedQuery.Outcome.FORMERR;
                }
                q.tsigAt = pos;
                break;
            }
            // an OPT record: root owner, type 41, then class = payload, TTL = ext-rcode/version/flags
            if (q.edns || pos + 11 > len || p[pos] != 0 || u16(p, pos + 1) != TYPE_OPT) {
                return ParsedQuery.Outcome.FORMERR;
            }
            q.edns = true;
            q.ednsPayload = u16(p, pos + 3);
            badVersion = (p[pos + 6] & 0xff) != 0;
            q.dnssecOk = (p[pos + 7] & 0x80) != 0;
            int rdlen = u16(p, pos + 9);
            int end = pos + 11 + rdlen;
            if (end > len) {
                return ParsedQuery.Outcome.FORMERR;
            }
            for (int o = pos + 11; o < end; ) {
                if (o + 4 > end || o + 4 + u16(p, o + 2) > end) {
                    return ParsedQuery.Outcome.FORMERR; // an option overrunning the RDATA
                }
                if (u16(p, o) == OPTION_ZONEVERSION) {
                    if (u16(p, o + 2) != 0) {
                        return ParsedQuery.Outcome.FORMERR; // RFC 9660 §3: a query's option is empty
                    }
                    q.zoneVersion = true;
                }
                o += 4 + u16(p, o + 2);
            }
            pos = end;
        }
        return badVersion ? ParsedQuery.Outcome.BADVERS : ParsedQuery.Outcome.OK;
    }

    /** Skips a resource record (owner possibly compressed); returns the position after it or -1. */
    private static int skipRecord(byte[] p, int len, int pos) {
        while (true) {
            if (pos >= len) {
                return -1;
            }
            int l = p[pos] & 0xff;
            if (l == 0) {
                pos++;
                break;
            }
            if ((l & 0xc0) == 0xc0) {
                pos += 2;
                break;
            }
            if (l > 63) {
                return -1;
            }
            pos += 1 + l;
        }
        if (pos + 10 > len) {
            return -1;
        }
        int end = pos + 10 + u16(p, pos + 8);
        return end > len ? -1 : end;
    }

    /** The TYPE of the record starting at pos (owner name uncompressed), or -1. */
    private static int typeAt(byte[] p, int len, int pos) {
        while (pos < len && (p[pos] & 0xff) != 0) {
            if ((p[pos] & 0xff) > 63) {
                return -1;
            }
            pos += 1 + (p[pos] & 0xff);
        }
        return pos + 3 <= len ? u16(p, pos + 1) : -1;
    }

    static int u16(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    private QueryParser() {}
}
