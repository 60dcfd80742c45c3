package rootzone.node.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.node.dns.QueryStats;
import rootzone.node.materialize.MaterializerListener;
import rootzone.node.materialize.NodeStatus;
import rootzone.node.materialize.VersionSwitch;

/**
 * Prometheus metrics (rootzone_node_*): what is served and how far behind, apply time, rejections,
 * and the DNS engine's query counters by type and response code. Gauges read the node's status
 * snapshot on scrape; nothing is computed on the query path.
 */
@ApplicationScoped
public class NodeMetrics implements MaterializerListener {

    /** Query types counted one by one; the rest fall in "other" (QueryStats' own buckets). */
    private static final int[] QTYPES = {Type.A, Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX, Type.TXT, Type.AAAA,
            Type.SRV, Type.NAPTR, Type.DS, Type.RRSIG, Type.NSEC, Type.DNSKEY, Type.ZONEMD, Type.IXFR, Type.AXFR, Type.ANY};

    @Inject
    MeterRegistry registry;

    private Timer applyTimer;

    void bind(ServingNode node) {
        applyTimer = Timer.builder("rootzone.node.apply.duration")
                .description("time from reading a version to serving it (apply, verify, index)")
                .register(registry);
        Gauge.builder("rootzone.node.serial.served", node, n -> n.status().servedSerial())
                .description("SOA serial served, -1 before the first verified version").register(registry);
        Gauge.builder("rootzone.node.serial.head", node, n -> n.status().headSerial())
                .description("serial of the newest version read from the log").register(registry);
        Gauge.builder("rootzone.node.versions.offset.served", node, n -> n.status().servedOffset())
                .description("versions-topic offset of the served version").register(registry);
        Gauge.builder("rootzone.node.versions.offset.head", node, n -> n.status().headOffset())
                .description("versions-topic offset of the newest version read").register(registry);
        Gauge.builder("rootzone.node.versions.behind", node, n -> n.status().behind())
                .description("committed versions on the versions topic after the served one (lag to the end, in versions)").register(registry);
        Gauge.builder("rootzone.node.last.apply.age", node, NodeMetrics::secondsSinceApply)
                .description("seconds since the served version was switched in").baseUnit("seconds").register(registry);
        Gauge.builder("rootzone.node.kafka.connected", node, n -> n.freshness().kafkaReachable() ? 1 : 0)
                .description("1 while the log answers (asked every 2 s), 0 while Kafka is unreachable").register(registry);
        Gauge.builder("rootzone.node.kafka.unreachable", node, n -> n.freshness().unreachableSeconds())
                .description("seconds since the log last answered, 0 while it answers").baseUnit("seconds").register(registry);
        Gauge.builder("rootzone.node.behind", node, n -> n.freshness().secondsBehind())
                .description("seconds since the node last knew it served the newest committed version").baseUnit("seconds").register(registry);
        Gauge.builder("rootzone.node.degraded", node, n -> n.freshness().degraded() ? 1 : 0)
                .description("1 while Kafka is unreachable or newer versions are not served yet").register(registry);
        Gauge.builder("rootzone.node.within.expire", node, n -> n.freshness().withinExpire() ? 1 : 0)
                .description("1 while the served version is within the SOA expire of its last confirmation (readiness)").register(registry);
        Gauge.builder("rootzone.node.events.pending", node, ServingNode::pendingEvents)
                .description("NodeApplied/VersionRejected events waiting for Kafka").register(registry);
        QueryStats q = node.queryStats();
        for (int type : QTYPES) {
            FunctionCounter.builder("rootzone.node.queries", q, s -> s.queries(type))
                    .tag("qtype", Type.string(type)).register(registry);
        }
        FunctionCounter.builder("rootzone.node.queries", q, s -> s.queries(QueryStats.OTHER_QTYPE) + otherLowTypes(s))
                .tag("qtype", "other").register(registry);
        for (int rcode = 0; rcode < 24; rcode++) {
            int rc = rcode;
            FunctionCounter.builder("rootzone.node.responses", q, s -> s.responses(rc))
                    .tag("rcode", Rcode.string(rc)).register(registry);
        }
        FunctionCounter.builder("rootzone.node.responses.truncated", q, QueryStats::truncated).register(registry);
        FunctionCounter.builder("rootzone.node.packets.dropped", q, QueryStats::dropped).register(registry);
        FunctionCounter.builder("rootzone.node.transfers", node, n -> n.transfers().axfrRequests()).tag("type", "AXFR").register(registry);
        FunctionCounter.builder("rootzone.node.transfers", node, n -> n.transfers().ixfrRequests()).tag("type", "IXFR").register(registry);
        FunctionCounter.builder("rootzone.node.transfers.refused", node, n -> n.transfers().refusedRequests()).register(registry);
        FunctionCounter.builder("rootzone.node.notify.acknowledged", node, n -> n.notifier().acknowledged()).register(registry);
        FunctionCounter.builder("rootzone.node.notify.failed", node, n -> n.notifier().failed()).register(registry);
        node.witness().ifPresent(w -> {
            FunctionCounter.builder("rootzone.node.witness.cosigned", w, rootzone.node.witness.NodeWitness::cosignedCount)
                    .description("checkpoints of the zone log this node cosigned").register(registry);
            FunctionCounter.builder("rootzone.node.witness.refused", w, rootzone.node.witness.NodeWitness::refusedCount)
                    .description("checkpoints it refused to cosign (fork, rollback, inconsistent, entry not the version applied)")
                    .register(registry);
        });
    }

    private static long otherLowTypes(QueryStats s) {
        long sum = 0;
        outer:
        for (int t = 0; t < QueryStats.OTHER_QTYPE; t++) {
            for (int known : QTYPES) {
                if (known == t) {
                    continue outer;
                }
            }
            sum += s.queries(t);
        }
        return sum;
    }

    private static double secondsSinceApply(ServingNode node) {
        NodeStatus s = node.status();
        Instant at = s.lastApplied();
        return at == null ? Double.NaN : Duration.between(at, Instant.now()).toMillis() / 1000.0;
    }

    @Override
    public void switched(VersionSwitch s) {
        if (applyTimer != null) {
            applyTimer.record(s.applyNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void rejected(long versionsOffset, Long serial, Refusal why) {
        Counter.builder("rootzone.node.rejections").tag("reason", why.reason().name())
                .description("versions this node refused to serve").register(registry).increment();
    }
}
