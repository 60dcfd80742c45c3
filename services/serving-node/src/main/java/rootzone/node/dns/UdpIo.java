package rootzone.node.dns;

/** How the DNS server receives and sends UDP ({@link UdpSocket}). */
public enum UdpIo {
    /** batched where the native library loads, else channel */
    AUTO,
    /** recvmmsg/sendmmsg, or fail to start: for benchmarks and tests that must measure this path */
    BATCHED,
    /** the JDK's DatagramChannel, one system call per datagram */
    CHANNEL
}
