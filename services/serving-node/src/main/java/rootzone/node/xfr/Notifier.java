package rootzone.node.xfr;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import rootzone.eventlog.LogThread;
import rootzone.zone.TsigKey;
import rootzone.node.materialize.MaterializerListener;
import rootzone.node.materialize.VersionSwitch;

/**
 * Sends NOTIFY (RFC 1996) to the configured secondaries after each switch, over UDP, retrying a
 * few times with a doubling timeout until the secondary acknowledges. Runs on its own thread so a
 * dead secondary never delays serving; a newer serial supersedes the NOTIFY of an older one.
 */
public final class Notifier implements MaterializerListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Notifier.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final List<NotifyTarget> targets;
    private final Optional<TsigKey> key;
    private final int attempts;
    private final Duration firstTimeout;
    private final ExecutorService executor;
    private final AtomicLong latest = new AtomicLong(-1);
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public Notifier(List<NotifyTarget> targets, Optional<TsigKey> key, int attempts, Duration firstTimeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("NOTIFY attempts must be at least 1");
        }
        this.targets = List.copyOf(targets);
        this.key = key;
        this.attempts = attempts;
        this.firstTimeout = firstTimeout;
        this.executor = Executors.newSingleThreadExecutor(LogThread.daemons("notify"));
    }

    @Override
    public void switched(VersionSwitch s) {
        if (targets.isEmpty()) {
            return;
        }
        SOARecord soa = s.served().soa();
        latest.set(soa.getSerial());
        executor.execute(() -> {
            for (NotifyTarget t : targets) {
                if (latest.get() != soa.getSerial()) {
                    return; // a newer version came: its NOTIFY follows
                }
                notify(t, soa);
            }
        });
    }

    /** Sends one NOTIFY and waits for its acknowledgement; returns whether it came. */
    public boolean notify(NotifyTarget target, SOARecord soa) {
        Message m = new Message(IDS.nextInt(0x10000));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(Record.newRecord(soa.getName(), Type.SOA, soa.getDClass()), Section.QUESTION);
        m.addRecord(soa, Section.ANSWER); // RFC 1996 §3.7: the new SOA, a hint for the secondary
        TSIG tsig = key.map(TsigKey::tsig).orElse(null);
        if (tsig != null) {
            tsig.apply(m, null);
        }
        byte[] wire = m.toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target.address());
            Duration timeout = firstTimeout;
            for (int i = 1; i <= attempts; i++) {
                socket.send(new DatagramPacket(wire, wire.length));
                if (awaitAck(socket, m, tsig, timeout)) {
                    acknowledged.increment();
                    LOG.infof("NOTIFY serial %d to %s acknowledged (attempt %d)", soa.getSerial(), target, i);
                    return true;
                }
                timeout = timeout.multipliedBy(2);
            }
        } catch (IOException e) {
            LOG.warnf("NOTIFY serial %d to %s failed: %s", soa.getSerial(), target, e.getMessage());
            failed.increment();
            return false;
        }
        failed.increment();
        LOG.warnf("NOTIFY serial %d to %s: no acknowledgement after %d attempts", soa.getSerial(), target, attempts);
        return false;
    }

    private static boolean awaitAck(DatagramSocket socket, Message sent, TSIG tsig, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[4096];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.net.PortUnreachableException e) {
                return false; // ICMP: nobody listens (yet); the retry may find it
            }
            Message reply;
            byte[] bytes = java.util.Arrays.copyOf(buf, p.getLength());
            try {
                reply = new Message(bytes);
            } catch (IOException e) {
                continue; // garbage: keep waiting for the real answer
            }
            if (reply.getHeader().getID() != sent.getHeader().getID() || !reply.getHeader().getFlag(Flags.QR)
                    || reply.getHeader().getOpcode() != Opcode.NOTIFY) {
                continue;
            }
            if (tsig != null && tsig.verify(reply, bytes, sent.getTSIG()) != Rcode.NOERROR) {
                LOG.warnf("NOTIFY reply from %s fails TSIG verification", p.getSocketAddress());
                continue;
            }
            if (reply.getRcode() != Rcode.NOERROR) {
                LOG.warnf("NOTIFY answered %s by %s", Rcode.string(reply.getRcode()), p.getSocketAddress());
            }
            return true;
        }
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long failed() {
        return failed.sum();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
