package rootzone.node.dns;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One bound UDP socket of the DNS server and the receive-answer-send loop that runs on it.
 *
 * <p>Three kinds: {@link BatchedUdpSocket} (recvmmsg/sendmmsg through our JNI, what NSD and Knot do),
 * {@link NettyUdpSocket} (recvmmsg/sendmmsg through Netty's epoll transport, to measure against it)
 * and {@link ChannelUdpSocket} (a JDK DatagramChannel, one system call per datagram), chosen by
 * {@link UdpIo}. All answer every datagram through the same {@link QueryProcessor}.
 */
interface UdpSocket extends AutoCloseable {

    /** Receive buffer asked of the kernel: room for a burst while the receiver answers a batch. */
    int RECEIVE_BUFFER = 4 << 20;

    static boolean reusePortSupported(UdpIo io) throws IOException {
        return switch (io) {
            case AUTO, BATCHED -> NativeUdp.available() || ChannelUdpSocket.reusePortSupported();
            case NETTY -> NettyUdpSocket.available(); // Linux, where epoll loads; NettyUdpSocket.open fails elsewhere
            case CHANNEL -> ChannelUdpSocket.reusePortSupported();
        };
    }

    static UdpSocket open(InetSocketAddress address, boolean reusePort, UdpIo io) throws IOException {
        if (io == UdpIo.NETTY) {
            return NettyUdpSocket.open(address, reusePort); // Netty's epoll classes load only for this kind
        }
        boolean batched = switch (io) {
            case AUTO -> NativeUdp.available();
            case BATCHED -> {
                if (!NativeUdp.available()) {
                    throw new IOException("batched UDP asked for but unavailable: " + NativeUdp.unavailableReason());
                }
                yield true;
            }
            case NETTY, CHANNEL -> false;
        };
        return batched ? BatchedUdpSocket.open(address, reusePort) : ChannelUdpSocket.open(address, reusePort);
    }

    int localPort() throws IOException;

    /** "batched", "netty" or "channel", for logs and the node's status. */
    String kind();

    /** The most datagrams one receive has taken so far: shows that batching happens (tests). */
    default int largestBatch() {
        return 1;
    }

    /** Answers queries until {@link #close()}; a bad datagram or a failed send never ends it. */
    void serve(QueryProcessor processor);

    @Override
    void close();
}
