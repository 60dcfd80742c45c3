package rootzone.node.dns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JNI side of {@link BatchedUdpSocket}: recvmmsg/sendmmsg from {@code src/main/c/udpbatch.c},
 * built by the serving-node module where gcc is present and shipped inside the jar.
 *
 * <p>The library is copied to a temporary file of its own for every class loader that loads this
 * class (Quarkus test and dev modes load it more than once; the JVM refuses one library file in two
 * loaders).
 */
final class NativeUdp {

    private static final Logger LOG = Logger.getLogger(NativeUdp.class.getName());

    /** Where the build puts the library on the class path. */
    static final String RESOURCE = "/rootzone/node/dns/native/" + platform() + "/libudpbatch.so";

    private static final String UNAVAILABLE = load();

    private NativeUdp() {}

    /** True when batched UDP can be used on this machine. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why batched UDP cannot be used, or null when it can. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os + "-" + (arch.equals("x86_64") ? "amd64" : arch);
    }

    private static String load() {
        try (InputStream lib = NativeUdp.class.getResourceAsStream(RESOURCE)) {
            if (lib == null) {
                return "no " + RESOURCE + " in this build (it is compiled where gcc is installed, on Linux)";
            }
            Path file = Files.createTempFile("rootzone-udpbatch", ".so");
            file.toFile().deleteOnExit();
            Files.copy(lib, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            LOG.log(Level.FINE, "batched UDP library not loaded", e);
            return "loading " + RESOURCE + " failed: " + e;
        }
    }

    /** A bound UDP socket (SO_RCVTIMEO set, so a receive returns 0 at least that often). */
    static native int open(byte[] address, int port, boolean reusePort, int receiveBuffer, int timeoutMillis)
            throws IOException;

    static native int localPort(int fd) throws IOException;

    /** Binds a batch of slots to a socket; returns the handle for receive/send/detach. */
    static native long attach(int fd, ByteBuffer in, int slotIn, ByteBuffer out, int slotOut, ByteBuffer lengths, int batch)
            throws IOException;

    /** Receives 1..batch datagrams (0 on timeout). */
    static native int receive(long handle) throws IOException;

    /** Sends the responses of the first count slots; returns how many went out. */
    static native int send(long handle, int count);

    static native void detach(long handle);

    static native void shutdown(int fd);

    static native void close(int fd);
}
