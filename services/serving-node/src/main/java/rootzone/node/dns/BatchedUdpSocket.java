package rootzone.node.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP with recvmmsg/sendmmsg ({@link NativeUdp}): one system call takes every query already queued
 * (up to {@link #BATCH}), the processor answers them, one system call sends all the responses.
 *
 * <p>Under load this halves the system calls per query and more, which is where a Java server on
 * DatagramChannel loses to NSD and Knot; with one query queued it costs the same two calls. The
 * slots are direct buffers the kernel writes and reads in place; query and response bytes are
 * copied once each between them and the arrays the processor works on.
 */
final class BatchedUdpSocket implements UdpSocket {

    private static final Logger LOG = Logger.getLogger(BatchedUdpSocket.class.getName());

    /** Queries taken per receive; more gains little once the syscall cost is spread. */
    static final int BATCH = 32;
    /** A slot holds the largest UDP payload, so no query is ever cut (MSG_TRUNC cannot happen). */
    private static final int SLOT_IN = 65535;
    /** How often a blocked receive returns to look at the closed flag, if shutdown did not wake it. */
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;

    private final int fd;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    /** The most datagrams one receive has returned: shows that batching happens (tests, status). */
    private volatile int largestBatch;
    private boolean serving;
    private boolean released;

    private BatchedUdpSocket(int fd) {
        this.fd = fd;
    }

    static BatchedUdpSocket open(InetSocketAddress address, boolean reusePort) throws IOException {
        return new BatchedUdpSocket(NativeUdp.open(address.getAddress().getAddress(), address.getPort(), reusePort,
                RECEIVE_BUFFER, RECEIVE_TIMEOUT_MILLIS));
    }

    @Override
    public int localPort() throws IOException {
        return NativeUdp.localPort(fd);
    }

    @Override
    public String kind() {
        return "batched";
    }

    @Override
    public void serve(QueryProcessor processor) {
        synchronized (this) {
            if (closed || serving) {
                stopped.countDown();
                return;
            }
            serving = true;
        }
        ByteBuffer in = ByteBuffer.allocateDirect(SLOT_IN * BATCH);
        int slotOut = processor.largestUdpResponse(); // not 64 KiB: direct buffers are zeroed, hence resident
        ByteBuffer out = ByteBuffer.allocateDirect(slotOut * BATCH);
        ByteBuffer lengths = ByteBuffer.allocateDirect(8 * BATCH).order(ByteOrder.nativeOrder());
        byte[] query = new byte[SLOT_IN];
        byte[] response = new byte[QueryProcessor.MAX_MESSAGE];
        ParsedQuery q = new ParsedQuery();
        long handle = 0;
        try {
            handle = NativeUdp.attach(fd, in, SLOT_IN, out, slotOut, lengths, BATCH);
            while (!closed) {
                int n = NativeUdp.receive(handle);
                if (closed) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    lengths.putInt(4 * (BATCH + i), answer(processor, in, lengths.getInt(4 * i), i, query, q, response, out, slotOut));
                }
                if (n > 0) {
                    NativeUdp.send(handle, n);
                    if (n > largestBatch) {
                        largestBatch = n;
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "UDP receiver on fd " + fd + " stopped", e);
            }
        } finally {
            if (handle != 0) {
                NativeUdp.detach(handle);
            }
            stopped.countDown();
        }
    }

    @Override
    public int largestBatch() {
        return largestBatch;
    }

    /** Answers query i into response slot i; returns the response length, 0 for none. */
    private static int answer(QueryProcessor processor, ByteBuffer in, int length, int i, byte[] query, ParsedQuery q,
                              byte[] response, ByteBuffer out, int slotOut) {
        if (length < 0) {
            return 0;
        }
        try {
            in.get(i * SLOT_IN, query, 0, length);
            int n = processor.process(query, length, false, q, response);
            if (n <= 0) {
                return 0;
            }
            if (n > slotOut) { // cannot happen (QueryProcessor.largestUdpResponse); never write into the next slot
                LOG.warning("UDP response of " + n + " bytes exceeds its " + slotOut + "-byte slot: not sent");
                return 0;
            }
            out.put(i * slotOut, response, 0, n);
            return n;
        } catch (RuntimeException e) {
            // one bad packet must never stop the receiver or the batch it came in
            LOG.log(Level.WARNING, "UDP query of " + length + " bytes failed", e);
            return 0;
        }
    }

    @Override
    public void close() {
        boolean wait;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            closed = true;
            wait = serving;
        }
        NativeUdp.shutdown(fd);
        if (wait) {
            try {
                if (!stopped.await(2 * RECEIVE_TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS)) {
                    LOG.warning("UDP receiver on fd " + fd + " did not stop; closing its socket anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        NativeUdp.close(fd); // only now: a receiver still inside recvmmsg must not see the fd reused
    }
}
