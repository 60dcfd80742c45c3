package rootzone.publisher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the publisher is configured with (application.properties, each key overridable by the
 * environment, e.g. ROOTZONE_PUBLISHER_ID). Zones are keyed by a short name (e.g. "root") because a
 * zone origin such as "." cannot be a configuration key segment.
 */
@ConfigMapping(prefix = "rootzone.publisher")
public interface PublisherConfig {

    /** Stable producer id written into every event's envelope. */
    String id();

    /**
     * Kafka transactional id. Two publisher instances with the same id fence each other, so only one
     * can publish; give every instance for the same zones the same value.
     */
    @WithDefault("rootzone-publisher")
    String transactionalId();

    /** A full snapshot is written with the first version and then every this many versions. */
    @WithDefault("100")
    int snapshotInterval();

    Map<String, ZoneConfig> zones();

    /**
     * The operator directory's trust anchor (compliance TrustAnchor; docs/security.md): the maintainer
     * identities and keys that may sign publication requests per zone. Without it no HTTP request is
     * authorized.
     */
    Optional<Path> trustAnchor();

    /** Bounds of a submitted version (zone-core ZoneLimits); the defaults fit a 1,000,000-record zone. */
    LimitsConfig limits();

    interface LimitsConfig {
        /** Largest zone file, after gzip decompression, in bytes (256 MiB). */
        @WithDefault("268435456")
        long maxBytes();

        @WithDefault("1500000")
        long maxRecords();

        /** Most records one $GENERATE may produce. */
        @WithDefault("1000000")
        long maxGenerate();

        /** Most records all $GENERATE lines of a file may produce together. */
        @WithDefault("1000000")
        long maxGeneratedTotal();
    }

    /**
     * The publisher's Ed25519 signing key: a PKCS#8 file (base64), mode 0600. Every version and
     * snapshot head it writes is signed with it; nodes serve only what a key they trust signed.
     */
    Path signingKeyFile();

    /** Each zone's transparency log (docs/transparency-log.md). */
    LogConfig log();

    interface LogConfig {
        /** The checkpoint origins are {@code <prefix>/log/<name>}. */
        @WithDefault("rootzone.localhost")
        String originPrefix();

        /** Where {@code log-<name>.key} (0600, made when absent) and {@code log-<name>.vkey} are. */
        Path keyDir();

        /** The tiles, under {@code <tile-dir>/<name>}; unset: in memory, rebuilt from Kafka at start. */
        Optional<Path> tileDir();
    }

    /**
     * Other publisher keys whose versions count as this zone's history, besides the signing key's own
     * (earlier keys of a rotation): base64 X.509 public keys or files holding them.
     */
    Optional<List<String>> trustedPublisherKeys();

    /** NOTIFY listener (named so because notify() is Object's). */
    @WithName("notify")
    NotifyConfig notifyListener();

    @WithDefault("30s")
    Duration transferTimeout();

    interface ZoneConfig {
        /** The zone origin in presentation form, "." for the root. */
        String origin();

        /** verify-if-present (a present ZONEMD must verify, as every node demands) or require. */
        @WithDefault("verify-if-present")
        String zonemd();

        /** ignore or require. */
        @WithDefault("ignore")
        String dnssec();

        /** Master file with the DS or DNSKEY records of the apex the zone's keys must chain to. */
        Optional<Path> trustAnchor();

        /** Largest share (0..1) of existing delegations a version may remove or change without override. */
        @WithDefault("0.05")
        double blastRadius();

        /** A directory watched for new versions of this zone. */
        Optional<Path> dropDir();

        Optional<PrimaryConfig> primary();
    }

    interface PrimaryConfig {
        String address();

        @WithDefault("53")
        int port();

        Optional<TsigConfig> tsig();

        /** Lower bound of the SOA refresh timer, so a tiny refresh value cannot hammer the primary. */
        @WithDefault("5s")
        Duration minRefresh();
    }

    interface TsigConfig {
        String name();

        @WithDefault("hmac-sha256")
        String algorithm();

        /** Base64 secret. */
        String secret();
    }

    interface NotifyConfig {
        /** Listen address for NOTIFY from primaries (UDP). */
        @WithDefault("127.0.0.1")
        String address();

        /** Listen port; the listener runs only when some zone has a primary. 0 picks a free port. */
        @WithDefault("5301")
        int port();
    }
}
