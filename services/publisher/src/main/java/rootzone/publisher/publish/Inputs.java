package rootzone.publisher.publish;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import rootzone.publisher.config.PublisherConfig;
import rootzone.publisher.config.ZoneSettings;
import rootzone.publisher.drop.DropDirectoryWatcher;
import rootzone.publisher.xfr.NotifyListener;
import rootzone.publisher.xfr.Primary;
import rootzone.publisher.xfr.SecondaryZone;
import rootzone.publisher.xfr.ZoneTransferClient;

/**
 * Starts the inputs besides HTTP once every zone is recovered: a drop-directory watcher per zone that
 * has one, and for zones with a primary a SecondaryZone (SOA refresh timer) plus one NOTIFY listener.
 */
@ApplicationScoped
public class Inputs {

    private static final Logger LOG = Logger.getLogger(Inputs.class);

    @Inject PublisherService service;
    @Inject PublisherConfig config;

    private final List<Closeable> running = new ArrayList<>();
    private volatile NotifyListener notifyListener;

    // After PublisherService.onStart (default priority), which must have recovered the zones.
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event)
            throws IOException {
        ZoneTransferClient client = new ZoneTransferClient(config.transferTimeout());
        Map<Name, Primary> primaries = new HashMap<>();
        Map<Name, SecondaryZone> secondaries = new HashMap<>();
        for (ZoneSettings zone : service.zones()) {
            ZonePublisher publisher = service.publisher(zone.origin()).orElseThrow();
            if (zone.dropDir().isPresent()) {
                running.add(DropDirectoryWatcher.start(zone.dropDir().get(), (file, content) -> {
                    PublishOutcome o = service.publish(publisher, content,
                            PublishRequest.configured("drop-directory", "drop-directory " + zone.dropDir().get(), Instant.now()));
                    if (o.retryable()) {
                        throw new IllegalStateException(o.summary()); // left for the next scan: a retry is idempotent
                    }
                    return new DropDirectoryWatcher.Result(o.accepted(), o.summary());
                }, Duration.ofSeconds(1)));
            }
            if (zone.primary().isPresent()) {
                SecondaryZone secondary = new SecondaryZone(zone.origin(), zone.primary().get(), client,
                        () -> publisher.head().map(ZoneHead::zone).orElse(null),
                        (z, request) -> service.publish(publisher, z, request), zone.minRefresh());
                secondaries.put(zone.origin(), secondary);
                primaries.put(zone.origin(), zone.primary().get());
                running.add(secondary::close);
                secondary.start();
            }
        }
        if (!primaries.isEmpty()) {
            PublisherConfig.NotifyConfig n = config.notifyListener();
            notifyListener = NotifyListener.start(
                    new InetSocketAddress(ZoneSettings.literalAddress(n.address()), n.port()), primaries,
                    origin -> secondaries.get(origin).notified());
            running.add(notifyListener);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (Closeable c : running) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.warnf("stopping %s: %s", c, e.getMessage());
            }
        }
    }
}
