package rootzone.node.dns;

/**
 * A response rendered once, minus what depends on the query: the ID, RD/CD, the question (copied from
 * the query to keep its case) and the OPT record. The body (answer, authority and additional records)
 * was rendered after a question whose name had {@code qnameLength} bytes; since the query's name only
 * differs by a prefix in front of that name, every compression pointer moves by the same delta, so the
 * positions of the pointers are kept to patch them.
 */
final class Template {

    /** Byte 2 of the header: QR, AA and TC; RD is added from the query. */
    final int flags;
    final int rcode;
    final int answerCount;
    final int authorityCount;
    final int additionalCount;
    final int qnameLength;
    final byte[] body;
    final int[] pointers;
    /** What its answer read outside its own node: it holds in a later index that shares the node when these do. */
    private final Dependency[] dependencies;
    /** The SOA ending a negative answer, which every version changes; null when the answer ends otherwise. */
    final Tail tail;

    /**
     * Where the SOA RRset of a negative answer begins in the body, when it is the last thing in it (an
     * NXDOMAIN), with what the renderer needs to write another SOA there exactly as a fresh render
     * would: the compression targets known at that point, the section, the signatures and the limit.
     */
    record Tail(int at, int section, boolean withSignatures, int limit, int records, String[] keys, int[] positions) {}

    Template(int flags, int rcode, int an, int ns, int ar, int qnameLength, byte[] body, int[] pointers,
             Dependency[] dependencies, Tail tail) {
        this.flags = flags;
        this.rcode = rcode;
        this.answerCount = an;
        this.authorityCount = ns;
        this.additionalCount = ar;
        this.qnameLength = qnameLength;
        this.body = body;
        this.pointers = pointers;
        this.dependencies = dependencies;
        this.tail = tail;
    }

    /**
     * This template, made for a node in an earlier index, as that node's answer in {@code zone}: itself
     * when everything it depends on holds; when only the apex SOA changed (the serial of every version)
     * and it ends with it, the same body with the new SOA written at its end; else null (render again).
     */
    Template in(ZoneIndex zone) {
        boolean soaChanged = false;
        for (Dependency d : dependencies) {
            if (!d.holds(zone)) {
                if (tail != null && d instanceof Dependency.ApexSet a && a.type() == org.xbill.DNS.Type.SOA) {
                    soaChanged = true;
                    continue;
                }
                return null;
            }
        }
        return soaChanged ? ResponseRenderer.withSoa(this, zone.apex().rrset(org.xbill.DNS.Type.SOA)) : this;
    }

    /** The dependencies, with the apex SOA's replaced by this one. */
    Dependency[] dependenciesWithSoa(rootzone.zone.RRset soa) {
        Dependency[] out = dependencies.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Dependency.ApexSet a && a.type() == org.xbill.DNS.Type.SOA) {
                out[i] = new Dependency.ApexSet(a.type(), soa);
            }
        }
        return out;
    }

    boolean truncated() {
        return (flags & 0x02) != 0;
    }

    /** Size of the response to a query whose question (name, type, class) has this many bytes, without OPT. */
    int size(int questionLength) {
        return 12 + questionLength + body.length;
    }

    /**
     * Writes the response: header, the question copied from the query, the body with patched pointers.
     *
     * @return the position after the body
     */
    int write(byte[] query, int questionLength, int qnameLen, byte[] out) {
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) (flags | (query[2] & 0x01));
        out[3] = (byte) ((query[3] & 0x10) | rcode); // CD copied (RFC 4035 §3.1.6), RA/AD clear
        out[4] = 0;
        out[5] = 1;
        out[6] = (byte) (answerCount >> 8);
        out[7] = (byte) answerCount;
        out[8] = (byte) (authorityCount >> 8);
        out[9] = (byte) authorityCount;
        out[10] = (byte) (additionalCount >> 8);
        out[11] = (byte) additionalCount;
        System.arraycopy(query, 12, out, 12, questionLength);
        int start = 12 + questionLength;
        System.arraycopy(body, 0, out, start, body.length);
        int delta = qnameLen - qnameLength;
        if (delta != 0) {
            for (int p : pointers) {
                int at = start + p;
                int target = (((out[at] & 0x3f) << 8) | (out[at + 1] & 0xff)) + delta;
                out[at] = (byte) (0xc0 | (target >> 8));
                out[at + 1] = (byte) target;
            }
        }
        return start + body.length;
    }

    /** Whether patched pointers stay within the 14-bit offset range for a name this much longer. */
    boolean pointersFit(int delta) {
        return 12 + qnameLength + 4 + body.length + delta < 0x4000 || pointers.length == 0;
    }
}
