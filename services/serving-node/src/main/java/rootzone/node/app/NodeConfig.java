package rootzone.node.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import rootzone.node.dns.UdpIo;

/**
 * The node's configuration under {@code rootzone.node.*} (the Kafka connection, rootzone.kafka.config, is read apart:
 * it is shared with the other services). Every value can be overridden with -D or the environment
 * (ROOTZONE_NODE_DNS_PORT ...).
 */
@ConfigMapping(prefix = "rootzone.node")
public interface NodeConfig {

    /** Stable node id: key of its NodeApplied events and its transactional id. */
    String id();

    /** The zone served, "." for the root. */
    @WithDefault(".")
    String zone();

    @WithName("data-dir")
    String dataDir();

    Dns dns();

    /**
     * Public keys of the publisher(s) whose versions this node serves: base64 X.509 Ed25519 keys or
     * files holding one; several at once during a key rotation. Required: nothing else is served.
     */
    @WithName("trusted-publisher-keys")
    Optional<List<String>> trustedPublisherKeys();

    Policy policy();

    /** The node as a witness of its zone's transparency log (docs/transparency-log.md). */
    Log log();

    interface Log {
        /**
         * The zone log's verifier key, note vkey text or a file holding one ({@code <data>/keys/log-root.vkey}
         * from ./rootzone up); its name is the log's origin. Unset: the node is no witness.
         */
        Optional<String> key();

        /** The witness is named {@code <prefix>/witness/<node id>} (the log's origin prefix). */
        @WithName("origin-prefix")
        @WithDefault("rootzone.localhost")
        String originPrefix();

        /** How long a NodeApplied may wait for the version's LogCheckpoint to be read before it goes uncosigned. */
        @WithName("cosign-wait")
        @WithDefault("5s")
        Duration cosignWait();
    }

    Chaos chaos();

    Transfer transfer();

    @WithName("notify")
    Notify notifications();

    /** Pause before following the log again after a Kafka failure. */
    @WithName("retry-pause")
    @WithDefault("2s")
    Duration retryPause();

    /**
     * Whether the apply path is warmed at start on a synthetic zone (ApplyWarmUp), so that the first
     * versions are applied as fast as the later ones. Off only to measure what it saves.
     */
    @WithDefault("true")
    boolean warmUp();

    interface Dns {
        @WithDefault("127.0.0.1")
        String address();

        @WithDefault("5353")
        int port();

        /** UDP receiver threads; 0 means one per core. */
        @WithName("udp-threads")
        @WithDefault("0")
        int udpThreads();

        @WithName("tcp-connections")
        @WithDefault("128")
        int tcpConnections();

        /** auto: recvmmsg/sendmmsg where the native library loads, else DatagramChannel; batched; netty (Netty's epoll); channel. */
        @WithName("udp-io")
        @WithDefault("auto")
        UdpIo udpIo();
    }

    interface Policy {
        @WithName("require-zonemd")
        @WithDefault("false")
        boolean requireZonemd();

        @WithName("require-dnssec")
        @WithDefault("false")
        boolean requireDnssec();

        /** DS/DNSKEY records of the zone (e.g. the IANA root anchor as DS); requires require-dnssec. */
        @WithName("trust-anchor-file")
        Optional<String> trustAnchorFile();
    }

    /** CHAOS TXT answers; unset: that query is REFUSED. */
    interface Chaos {
        @WithName("id-server")
        Optional<String> idServer();

        Optional<String> hostname();

        Optional<String> version();
    }

    interface Transfer {
        /** Address blocks allowed to AXFR/IXFR (e.g. 127.0.0.1/32,::1); empty: nobody. */
        Optional<List<String>> allow();

        /** algorithm:name:base64-secret; when set, transfers must be signed with it. */
        @WithName("tsig-key")
        Optional<String> tsigKey();

        /** Diffs between served versions kept for IXFR. */
        @WithName("ixfr-journal")
        @WithDefault("50")
        int ixfrJournal();
    }

    interface Notify {
        /** Secondaries to NOTIFY: address[:port] literals. */
        Optional<List<String>> targets();

        @WithDefault("4")
        int attempts();

        @WithDefault("1s")
        Duration timeout();
    }
}
