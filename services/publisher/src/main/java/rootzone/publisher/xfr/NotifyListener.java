package rootzone.publisher.xfr;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;
import rootzone.eventlog.LogThread;

/**
 * Receives DNS NOTIFY (RFC 1996) on a UDP socket, and on TCP on the same port because Knot sends its
 * NOTIFY over TCP, and answers it: same ID, QR and AA set, opcode
 * NOTIFY, the question echoed, signed with the request's key when it was signed. A NOTIFY is accepted
 * only for a configured zone, only from that zone's primary address and, when the primary has a TSIG
 * key, only when signed with it; then the zone's pull is triggered. Everything else is answered with
 * an error and triggers nothing.
 */
public final class NotifyListener implements Closeable {

    private static final Logger LOG = Logger.getLogger(NotifyListener.class);

    /** A primary sends one NOTIFY per connection; a connection idle this long is dropped. */
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final DatagramChannel channel;
    private final ServerSocket tcp;
    private final Map<Name, Primary> primaries;
    private final Consumer<Name> onNotify;
    private final Thread thread;
    private final Thread tcpThread;

    private NotifyListener(DatagramChannel channel, ServerSocket tcp, Map<Name, Primary> primaries, Consumer<Name> onNotify) {
        this.channel = channel;
        this.tcp = tcp;
        this.primaries = Map.copyOf(primaries);
        this.onNotify = onNotify;
        this.thread = LogThread.daemons("notify-listener-udp").newThread(this::loop);
        this.tcpThread = LogThread.daemons("notify-listener-tcp").newThread(this::acceptLoop);
    }

    /**
     * Binds the socket and starts answering.
     *
     * @param primaries the zones we accept NOTIFY for, each with its primary
     * @param onNotify called with the zone's origin for each accepted NOTIFY (must not block long)
     */
    public static NotifyListener start(InetSocketAddress listen, Map<Name, Primary> primaries, Consumer<Name> onNotify)
            throws IOException {
        // Same port for TCP as for UDP. When the system picks the UDP port (listen's port 0), that port
        // may already be someone's TCP port: pick again, a few times, rather than fail.
        int attempts = listen.getPort() == 0 ? 5 : 1;
        for (int attempt = 1; ; attempt++) {
            DatagramChannel channel = DatagramChannel.open();
            try {
                channel.bind(listen);
                InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
                return started(channel, new ServerSocket(bound.getPort(), 16, bound.getAddress()), bound, primaries, onNotify);
            } catch (IOException e) {
                channel.close();
                if (attempt >= attempts || !(e instanceof java.net.BindException)) {
                    throw e;
                }
            }
        }
    }

    private static NotifyListener started(DatagramChannel channel, ServerSocket tcp, InetSocketAddress bound, Map<Name, Primary> primaries,
                                          Consumer<Name> onNotify) {
        NotifyListener listener = new NotifyListener(channel, tcp, primaries, onNotify);
        listener.thread.start();
        listener.tcpThread.start();
        LOG.infof("NOTIFY listener on udp+tcp %s for %s", bound, primaries.keySet());
        return listener;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocate(65535);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                byte[] packet = new byte[buffer.remaining()];
                buffer.get(packet);
                byte[] answer = handle(packet, ((InetSocketAddress) from).getAddress());
                if (answer != null) {
                    channel.send(ByteBuffer.wrap(answer), from);
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "NOTIFY listener: %s", e.getMessage());
            }
        }
    }

    private void acceptLoop() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                LogThread.daemons("notify-tcp-" + connection.getRemoteSocketAddress()).newThread(() -> serve(connection)).start();
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    LOG.warnf(e, "NOTIFY listener (tcp): %s", e.getMessage());
                }
            }
        }
    }

    /** Length-prefixed messages (RFC 1035 §4.2.2) until the peer closes or goes idle. */
    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException done) {
                    return;
                }
                byte[] packet = in.readNBytes(length);
                if (packet.length < length) {
                    return;
                }
                byte[] answer = handle(packet, connection.getInetAddress());
                if (answer != null) {
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("NOTIFY listener (tcp) %s: %s", connection.getRemoteSocketAddress(), e.getMessage());
        }
    }

    /** The response to one message, or null when it deserves none (unparsable, or itself a response). */
    byte[] handle(byte[] packet, InetAddress from) {
        Message query;
        try {
            query = new Message(packet);
        } catch (WireParseException | RuntimeException e) {
            LOG.debugf("NOTIFY listener: unparsable datagram from %s: %s", from, e.getMessage());
            return null;
        } catch (IOException e) {
            return null;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null; // never answer a response: no loops with a misbehaving peer
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.NOTIFY) {
            return respond(query, Rcode.NOTIMP, null);
        }
        if (question == null || question.getType() != Type.SOA) {
            return respond(query, Rcode.FORMERR, null);
        }
        Name zone = question.getName();
        Primary primary = primaries.get(zone);
        if (primary == null) {
            LOG.infof("NOTIFY for %s from %s refused: not a zone we transfer", zone, from);
            return respond(query, Rcode.NOTAUTH, null);
        }
        if (!primary.address().getAddress().equals(from)) {
            LOG.warnf("NOTIFY for %s from %s refused: not its primary %s", zone, from, primary.address().getAddress());
            return respond(query, Rcode.REFUSED, null);
        }
        TSIG key = null;
        if (primary.tsig().isPresent()) {
            key = primary.tsig().get().tsig();
            TSIGRecord signature = query.getTSIG();
            if (signature == null || !signature.getName().equals(primary.tsig().get().name())) {
                LOG.warnf("NOTIFY for %s from %s refused: not signed with TSIG key %s", zone, from,
                        primary.tsig().get().name());
                return respond(query, Rcode.NOTAUTH, null);
            }
            int verified = key.verify(query, packet, null);
            if (verified != Rcode.NOERROR) {
                LOG.warnf("NOTIFY for %s from %s refused: TSIG %s", zone, from, Rcode.TSIGstring(verified));
                return respond(query, Rcode.NOTAUTH, null);
            }
        }
        LOG.infof("NOTIFY for %s from %s accepted", zone, from);
        onNotify.accept(zone);
        return respond(query, Rcode.NOERROR, key);
    }

    private static byte[] respond(Message query, int rcode, TSIG key) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (rcode == Rcode.NOERROR) {
            response.getHeader().setFlag(Flags.AA);
        }
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (key != null) {
            response.setTSIG(key, Rcode.NOERROR, query.getTSIG());
        }
        return response.toWire(512);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        tcp.close();
        try {
            thread.join(2000);
            tcpThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
