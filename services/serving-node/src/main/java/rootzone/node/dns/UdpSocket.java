package rootzone.node.dns;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One bound UDP socket of the DNS server and the receive-answer-send loop that runs on it.
 *
 * <p>Two kinds: {@link BatchedUdpSocket} (recvmmsg/sendmmsg, what NSD and Knot do) and
 * {@link ChannelUdpSocket} (a JDK DatagramChannel, one system call per datagram), chosen by
 * {@link UdpIo}. Both answer every datagram through the same {@link QueryProcessor}.
 */
interface UdpSocket extends AutoCloseable {

    /** Receive buffer asked of the kernel: room for a burst while the receiver answers a batch. */
    int RECEIVE_BUFFER = 4 << 20;

    static boolean reusePortSupported(UdpIo io) throws IOException {
        return io != UdpIo.CHANNEL && NativeUdp.available() || ChannelUdpSocket.reusePortSupported();
    }

    static UdpSocket open(InetSocketAddress address, boolean reusePort, UdpIo io) throws IOException {
        boolean batched = switch (io) {
            case AUTO -> NativeUdp.available();
            case BATCHED -> {
                if (!NativeUdp.available()) {
                    throw new IOException("batched UDP asked for but unavailable: " + NativeUdp.unavailableReason());
                }
                yield true;
            }
            case CHANNEL -> false;
        };
        return batched ? BatchedUdpSocket.open(address, reusePort) : ChannelUdpSocket.open(address, reusePort);
    }

    int localPort() throws IOException;

    /** "batched" or "channel", for logs and the node's status. */
    String kind();

    /** Answers queries until {@link #close()}; a bad datagram or a failed send never ends it. */
    void serve(QueryProcessor processor);

    @Override
    void close();
}
