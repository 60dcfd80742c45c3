package rootzone.node.dns;

/**
 * The fields of one query, parsed in place from its bytes. Mutable scratch reused by one thread for
 * every packet it handles (the hot path allocates nothing), so it never leaves that thread.
 */
final class ParsedQuery {

    enum Outcome { OK, DROP, FORMERR, NOTIMP, BADVERS }

    int length;
    int opcode;
    int qdcount;
    int qnameLength;
    int qtype;
    int qclass;
    /** Offsets of the question name's labels in the packet; [labelCount] is its root byte. */
    final int[] labelOffsets = new int[WireNames.MAX_LABELS + 1];
    final int[] suffixHashes = new int[WireNames.MAX_LABELS + 1];
    int labelCount;
    boolean edns;
    int ednsPayload;
    boolean dnssecOk;
    /** The OPT carried an (empty) ZONEVERSION option, RFC 9660 §3. */
    boolean zoneVersion;
    /** Offset of the TSIG record closing the query, or -1 when it is unsigned. */
    int tsigAt;

    int questionLength() {
        return qnameLength + 4;
    }
}
