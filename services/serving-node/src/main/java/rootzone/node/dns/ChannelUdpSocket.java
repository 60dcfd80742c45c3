package rootzone.node.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP through a blocking JDK DatagramChannel: one receive and one send system call per query. The
 * portable fallback where the batched library is not built.
 *
 * <p>Direct buffers, because the JDK copies a heap buffer through a temporary direct one on every
 * receive and send anyway; here only the query's and the response's own bytes are copied, once
 * each, between the buffers and the arrays the processor works on.
 */
final class ChannelUdpSocket implements UdpSocket {

    private static final Logger LOG = Logger.getLogger(ChannelUdpSocket.class.getName());

    private final DatagramChannel channel;

    private ChannelUdpSocket(DatagramChannel channel) {
        this.channel = channel;
    }

    static boolean reusePortSupported() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    static ChannelUdpSocket open(InetSocketAddress address, boolean reusePort) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            if (reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            ch.bind(address);
            return new ChannelUdpSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public String kind() {
        return "channel";
    }

    @Override
    public void serve(QueryProcessor processor) {
        byte[] in = new byte[65535];
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        ByteBuffer inBuf = ByteBuffer.allocateDirect(65535);
        ByteBuffer outBuf = ByteBuffer.allocateDirect(QueryProcessor.MAX_MESSAGE);
        ParsedQuery q = new ParsedQuery();
        while (true) {
            SocketAddress from;
            int length;
            try {
                inBuf.clear();
                from = channel.receive(inBuf);
                length = inBuf.position();
                inBuf.flip().get(in, 0, length);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.FINE, "UDP receive failed", e);
                continue;
            }
            try {
                int n = processor.process(in, length, false, q, out);
                if (n > 0) {
                    outBuf.clear();
                    outBuf.put(out, 0, n).flip();
                    channel.send(outBuf, from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad packet or a failed send must never stop the receiver
                LOG.log(Level.WARNING, "UDP query from " + from + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // wakes the receiver with AsynchronousCloseException
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
