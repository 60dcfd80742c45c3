package rootzone.node.dns;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Answers AXFR and IXFR queries arriving over TCP (the xfr module implements it). Called on the
 * connection's thread; it may send any number of complete DNS messages. Without a handler the server
 * answers REFUSED.
 */
@FunctionalInterface
public interface TransferHandler {

    /**
     * @param query  the query message exactly as received (without the TCP length prefix)
     * @param qtype  252 (AXFR) or 251 (IXFR)
     * @param zone   the version being served when the query arrived: the whole transfer uses it
     * @param client the peer address, for access control
     * @param out    where to send the response messages, in order
     */
    void handle(byte[] query, int qtype, ZoneIndex zone, InetAddress client, MessageSink out) throws IOException;

    /** Sends one complete DNS message; the server adds the TCP length prefix. */
    @FunctionalInterface
    interface MessageSink {
        void send(byte[] message, int offset, int length) throws IOException;
    }
}
