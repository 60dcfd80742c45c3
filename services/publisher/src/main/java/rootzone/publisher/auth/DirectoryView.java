package rootzone.publisher.auth;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import rootzone.coordination.model.CoordinationState;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.eventlog.PartitionFollower;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;
import rootzone.publisher.config.PublisherConfig;

/**
 * The operator directory as the publisher sees it: the configured trust anchor, then every change
 * the coordination topic holds, folded with the same rules as the coordination service
 * (compliance CoordinationState) by event-log's PartitionFollower. A key rotated or an entry removed
 * there takes effect here once read.
 */
@ApplicationScoped
public class DirectoryView {

    private static final Logger LOG = Logger.getLogger(DirectoryView.class);

    @Inject PublisherConfig config;
    @ConfigProperty(name = KafkaConnection.CONFIG_FILE_PROPERTY) Optional<String> kafkaConfig;
    @ConfigProperty(name = KafkaConnection.BOOTSTRAP_PROPERTY) Optional<String> bootstrap;

    private CoordinationState state;
    private PartitionFollower follower;

    // Before PublisherService (default priority): the directory must be followed when requests arrive.
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        TrustAnchor anchor = config.trustAnchor().map(TrustAnchor::read).orElse(TrustAnchor.none());
        if (anchor.isEmpty()) {
            LOG.warnf("no trust anchor configured (rootzone.publisher.trust-anchor): no HTTP publication request can be authorized");
        } else {
            LOG.infof("trust anchor %s: %s", config.trustAnchor().get(), anchor);
        }
        state = new CoordinationState(anchor);
        follower = PartitionFollower.start(KafkaConnection.configured(kafkaConfig, bootstrap), Topics.COORDINATION, 0, "publisher-directory", read -> {
            synchronized (state) {
                try {
                    state.apply(read.require(org.apache.avro.specific.SpecificRecord.class));
                } catch (RuntimeException e) {
                    LOG.warnf("coordination topic offset %d not taken into the directory: %s", read.offset(), e.getMessage());
                }
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    /** Whether the directory has been read up to where the topic ended when the publisher started. */
    public boolean ready() {
        return follower != null && follower.caughtUp();
    }

    /** The key that may sign publication requests of {@code identity} for {@code zone}, if it may publish it. */
    public Optional<PublicKey> publishingKey(String identity, String zone) {
        synchronized (state) {
            return state.directory().publishingKey(identity, zone);
        }
    }
}
