package rootzone.node.dns;

/** How the DNS server receives and sends UDP ({@link UdpSocket}). */
public enum UdpIo {
    /** batched where the native library loads, else channel */
    AUTO,
    /** recvmmsg/sendmmsg, or fail to start: for benchmarks and tests that must measure this path */
    BATCHED,
    /**
     * recvmmsg/sendmmsg through Netty's epoll transport (its prebuilt native library), or fail to start
     * where epoll is unavailable: to measure against BATCHED (issue 14); never chosen by AUTO
     */
    NETTY,
    /** the JDK's DatagramChannel, one system call per datagram */
    CHANNEL
}
