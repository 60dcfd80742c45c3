package rootzone.node.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * Query counters the metrics layer reads: by qtype, by response code (extended RCODEs included, so
 * BADVERS is 16), and by outcome. LongAdders: the hot path only increments a striped cell.
 */
public final class QueryStats {

    /** Index of the bucket counting every qtype above 255 (rare types such as CAA share it). */
    public static final int OTHER_QTYPE = 256;

    private final LongAdder[] byQtype = adders(OTHER_QTYPE + 1);
    private final LongAdder[] byRcode = adders(24);
    private final LongAdder udp = new LongAdder();
    private final LongAdder tcp = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder transfers = new LongAdder();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void query(int qtype, boolean overTcp) {
        byQtype[qtype > 255 ? OTHER_QTYPE : qtype].increment();
        (overTcp ? tcp : udp).increment();
    }

    void response(int rcode, boolean tc) {
        if (rcode >= 0 && rcode < byRcode.length) {
            byRcode[rcode].increment();
        }
        if (tc) {
            truncated.increment();
        }
    }

    void drop() {
        dropped.increment();
    }

    void transfer() {
        transfers.increment();
    }

    /** Queries seen with this qtype (0..255), or of every type above 255 with OTHER_QTYPE. */
    public long queries(int qtype) {
        return byQtype[qtype].sum();
    }

    /** Responses sent with this response code (0..23). */
    public long responses(int rcode) {
        return byRcode[rcode].sum();
    }

    public long udpQueries() {
        return udp.sum();
    }

    public long tcpQueries() {
        return tcp.sum();
    }

    /** Packets that got no response: not queries, shorter than a header. */
    public long dropped() {
        return dropped.sum();
    }

    /** Responses sent with TC set. */
    public long truncated() {
        return truncated.sum();
    }

    /** AXFR/IXFR queries handed to the transfer handler. */
    public long transfers() {
        return transfers.sum();
    }
}
