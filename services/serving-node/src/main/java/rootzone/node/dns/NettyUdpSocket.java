package rootzone.node.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP through Netty's native epoll datagram transport ({@code udp-io=netty}): the recvmmsg/sendmmsg
 * of {@link BatchedUdpSocket}, but from the library prebuilt in Netty's jar instead of our JNI, to
 * measure the one against the other (issue 14).
 *
 * <p>Receiving: {@link EpollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE} set and a receive buffer of
 * {@link #BATCH} such slots make Netty's {@code EpollDatagramChannel} read with recvmmsg (it splits
 * the buffer into {@code writableBytes / maxDatagramPayloadSize} slots; without the option it calls
 * recvmsg once per datagram). A slot holds the largest UDP payload, as in BatchedUdpSocket, so no
 * query is cut (Netty would not say so: it reports no MSG_TRUNC). When epoll reports the socket
 * readable, Netty calls recvmmsg (up to {@link #BATCH} datagrams each) again while the socket has more
 * and fewer than {@link #BATCH} have been read, the last call being the one that finds it empty; each
 * datagram reaches {@link Responder} as a DatagramPacket, whose bytes are copied once into a reused
 * array and answered by the same {@link QueryProcessor} call the other kinds make. Sending: each
 * response is copied once into a pooled direct buffer and written as a DatagramPacket to its sender,
 * and the writes are flushed once per read (channelReadComplete), which Netty sends with one
 * sendmmsg (sendto when there is one response). Against BatchedUdpSocket's blocking recvmmsg and
 * sendmmsg this adds the epoll_wait calls of the event loop and the recvmmsg that finds the socket
 * empty. When responses the kernel has not taken (a full send buffer) pile up past Netty's write
 * high-water mark, reading pauses until they are sent, as the batched path's blocking sendmmsg waits.
 *
 * <p>What Netty still allocates per datagram (read from its 4.1 source): on receive the sender's
 * InetAddress and InetSocketAddress (for IPv6 also a 16-byte copy of the address) and the
 * DatagramPacket; on send our DatagramPacket and, in Netty's native address conversion, a copy of
 * the recipient's address bytes (4 or 16; sendto also a 16-byte mapped one). The slices, response
 * buffers and outbound entries come from Netty's recyclers and pool (the responses' from the
 * thread's cache), and the response goes to the received address object, not a new one. Per read,
 * not per datagram: the 2 MiB receive buffer, taken from and given back to the pool's arena (it is
 * too large for the thread cache), twice when a read ends on the recvmmsg that finds the socket
 * empty. BatchedUdpSocket allocates nothing per datagram or read.
 *
 * <p>Threads: each socket has its own one-thread event loop ({@link EpollEventLoopGroup}), named
 * {@code dns-udp-netty-N}; all of the socket's answering happens there, so the processor's per-thread
 * state (the arrays and ParsedQuery of its Responder, ResponseRenderer's thread-local) is never
 * shared. The DnsServer thread that calls {@link #serve} hands the processor to that loop and then
 * only waits, parked, until {@link #close}. Reading starts only then; datagrams that arrive between
 * bind and serve wait in the kernel's buffer, as they do for the other kinds.
 *
 * <p>Buffers come from an allocator of this class's own: Quarkus sets {@code io.netty.allocator.maxOrder}
 * for the process (small chunks), with which Netty's default allocator would malloc and free the
 * 2 MiB receive buffer on every read instead of pooling it.
 */
final class NettyUdpSocket implements UdpSocket {

    private static final Logger LOG = Logger.getLogger(NettyUdpSocket.class.getName());

    /** Queries taken per read, as BatchedUdpSocket takes them: the two paths compare like for like. */
    static final int BATCH = BatchedUdpSocket.BATCH;
    /** A slot holds the largest UDP payload, so no query is ever cut. */
    private static final int SLOT_IN = 65535;
    /** How long close waits for the event loop to stop (it stops at once unless a query is stuck). */
    private static final long STOP_MILLIS = 2000;

    /** 4 MiB chunks (8 KiB pages, order 9) whatever Quarkus set, so the receive buffer is pooled; direct only. */
    private static final PooledByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true, 0,
            Math.max(1, Runtime.getRuntime().availableProcessors()), 8192, 9, 256, 64, false);

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    /** Daemon like the other receivers; FastThreadLocalThread, as Netty's own, for its thread-locals' fast path. */
    private static final ThreadFactory THREADS = r -> {
        Thread t = new FastThreadLocalThread(r, "dns-udp-netty-" + THREAD_NUMBER.getAndIncrement());
        t.setDaemon(true);
        return t;
    };

    private final EpollEventLoopGroup group;
    private final Channel channel;
    private final Responder responder;
    private volatile boolean closed;
    private boolean serving;
    private boolean released;

    private NettyUdpSocket(EpollEventLoopGroup group, Channel channel, Responder responder) {
        this.group = group;
        this.channel = channel;
        this.responder = responder;
    }

    /** True when Netty's epoll transport loads here (Linux, with the native library of this architecture). */
    static boolean available() {
        return Epoll.isAvailable();
    }

    static NettyUdpSocket open(InetSocketAddress address, boolean reusePort) throws IOException {
        if (!Epoll.isAvailable()) {
            Throwable cause = Epoll.unavailabilityCause();
            throw new IOException("netty UDP asked for but Netty's epoll transport is unavailable: " + cause, cause);
        }
        InternetProtocolFamily family = address.getAddress() instanceof Inet6Address
                ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4; // as BatchedUdpSocket: 0.0.0.0 is IPv4 only
        EpollEventLoopGroup group = new EpollEventLoopGroup(1, THREADS);
        Responder responder = new Responder();
        FixedRecvByteBufAllocator receive = new FixedRecvByteBufAllocator(SLOT_IN * BATCH);
        // counted in datagrams: a read ends after BATCH of them, or when the socket has no more
        receive.maxMessagesPerRead(BATCH);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(() -> new EpollDatagramChannel(family))
                .option(EpollChannelOption.SO_REUSEPORT, reusePort)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, SLOT_IN)
                .option(ChannelOption.RCVBUF_ALLOCATOR, receive)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.AUTO_READ, false) // until serve hands over the processor
                .handler(responder);
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            bound.channel().close().awaitUninterruptibly(STOP_MILLIS);
            group.shutdownGracefully(0, STOP_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly(STOP_MILLIS);
            Throwable cause = bound.cause();
            throw new IOException("netty UDP bind to " + address + " failed: " + cause.getMessage(), cause);
        }
        return new NettyUdpSocket(group, bound.channel(), responder);
    }

    /**
     * Buffers taken from this class's pool and not given back, counting those a serving socket's
     * thread cache holds: 0 once every socket is closed, unless one leaked (tests).
     */
    static long buffersInUse() {
        return ALLOCATOR.metric().directArenas().stream().mapToLong(PoolArenaMetric::numActiveAllocations).sum();
    }

    @Override
    public int localPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public String kind() {
        return "netty";
    }

    @Override
    public int largestBatch() {
        return responder.largestBatch;
    }

    /**
     * Starts the event loop's answering with {@code processor} and waits until {@link #close} has
     * stopped it. The answering is not on this thread but on the socket's event loop; a second call
     * (several receiver threads on one socket) returns at once, as the loop answers for all.
     */
    @Override
    public void serve(QueryProcessor processor) {
        synchronized (this) {
            if (closed || serving) {
                return;
            }
            serving = true;
        }
        try {
            channel.eventLoop().execute(() -> responder.start(channel, processor));
        } catch (RejectedExecutionException e) {
            return; // closed meanwhile
        }
        group.terminationFuture().awaitUninterruptibly();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            closed = true;
        }
        responder.closing = true;
        // The channel closes on its event loop (its fd, so the port is free once this returns); then the loop stops.
        channel.close().awaitUninterruptibly(STOP_MILLIS);
        boolean stopped = group.shutdownGracefully(0, STOP_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly(2 * STOP_MILLIS);
        if (!stopped || channel.isOpen()) {
            LOG.warning("netty UDP event loop of port " + localPortOrNone() + " did not stop within " + 2 * STOP_MILLIS + " ms");
        }
    }

    private String localPortOrNone() {
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        return local == null ? "?" : Integer.toString(local.getPort());
    }

    /**
     * The one handler of a socket's channel: answers each datagram and flushes once per read. Only
     * its event loop calls it, so its arrays and ParsedQuery are that thread's own.
     */
    private static final class Responder extends ChannelInboundHandlerAdapter {

        private final byte[] query = new byte[SLOT_IN];
        private final byte[] response = new byte[QueryProcessor.MAX_MESSAGE];
        private final ParsedQuery q = new ParsedQuery();
        /** Set on the event loop before reading starts. */
        private QueryProcessor processor;
        /** Failures while closing are not worth a warning. */
        volatile boolean closing;
        /** Datagrams in this read so far, and the most one read has had. */
        private int inRead;
        volatile int largestBatch;

        /** On the event loop: begins reading. */
        void start(Channel channel, QueryProcessor processor) {
            this.processor = processor;
            channel.config().setAutoRead(true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) { // an unconnected datagram channel reads nothing else
                ReferenceCountUtil.release(msg);
                return;
            }
            inRead++;
            int length = -1;
            ByteBuf out = null;
            try {
                ByteBuf in = packet.content();
                length = in.readableBytes();
                // neither can happen: reading begins in start, and no slot is larger than the array
                if (processor == null || length > query.length) {
                    return;
                }
                in.getBytes(in.readerIndex(), query, 0, length);
                int n = processor.process(query, length, false, q, response);
                if (n > 0) {
                    out = ctx.alloc().directBuffer(n, n).writeBytes(response, 0, n);
                    // the void promise: a failed send reaches exceptionCaught, and no promise is allocated
                    ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
                    out = null;
                }
            } catch (RuntimeException e) {
                // one bad packet must never stop the receiver or the batch it came in
                LOG.log(Level.WARNING, "UDP query of " + length + " bytes from " + packet.sender() + " failed", e);
            } finally {
                packet.release();
                if (out != null) {
                    out.release();
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // the read's responses in one sendmmsg
            if (inRead > largestBatch) {
                largestBatch = inRead;
            }
            inRead = 0;
            Channel ch = ctx.channel();
            if (!ch.isWritable() && ch.config().isAutoRead()) {
                // Unsent responses (the kernel's send buffer full) are past the high-water mark: read no
                // more until they are sent, as the batched path's blocking sendmmsg waits; queries wait
                // in the receive buffer meanwhile. channelWritabilityChanged resumes.
                ch.config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            if (ch.isWritable() && !ch.config().isAutoRead() && processor != null && !closing) {
                ch.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        /** A failed receive or send: logged, never the end of the socket (Netty does not close a datagram channel for it). */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(closing ? Level.FINE : Level.WARNING, "UDP receive or send on " + ctx.channel().localAddress() + " failed",
                    cause);
        }
    }
}
