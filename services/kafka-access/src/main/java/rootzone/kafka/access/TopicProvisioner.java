package rootzone.kafka.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import rootzone.events.Topics;
import rootzone.events.Topics.TopicSpec;

/**
 * Creates every topic of the contract ({@link Topics#ALL}) that is missing, with its declared
 * partitions and configuration, and checks that existing ones match: a history topic with a finite
 * retention would silently lose the audit record, so a mismatch is an error, not a warning.
 *
 * <p>Each topic gets {@link Topics#replicationFactor(int)} replicas and {@link Topics#durability(int)}
 * (min.insync.replicas, no unclean leader election), checked on existing topics too.
 *
 * <p>Creating is the admin role's work ({@link #ensure(Admin)}: `rootzone up`, the test broker); a
 * service only checks the topics its role uses ({@link #check(Admin, Role)}), since it may not create.
 */
public final class TopicProvisioner {

    private static final long VISIBLE_TIMEOUT_NANOS = 30_000_000_000L;

    /** The settings checked on existing topics: the ones that decide what is kept. */
    static final List<String> CHECKED = List.of("cleanup.policy", "retention.ms", "retention.bytes",
            "min.insync.replicas", "unclean.leader.election.enable");

    /**
     * @return the names of the topics created now
     * @throws KafkaSetupException listing every existing topic whose partitions or retention differ
     */
    public static List<String> ensure(Admin admin) {
        return ensure(admin, Topics.ALL);
    }

    /**
     * Checks that the topics {@code role} uses exist with the contract's partitions and retention.
     *
     * @throws KafkaSetupException naming every missing or mismatching topic
     */
    public static void check(Admin admin, Role role) {
        List<String> names = RoleAcls.topics(role);
        List<TopicSpec> specs = Topics.ALL.stream().filter(s -> names.contains(s.name())).toList();
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> missing = names.stream().filter(n -> !existing.contains(n)).toList();
            if (!missing.isEmpty()) {
                throw new KafkaSetupException("topics " + missing + " do not exist (or the " + role + " role may not see them); "
                        + "services may not create topics: the admin role creates the contract's topics (./rootzone up does)");
            }
            failOnProblems(check(admin, specs));
        } catch (ExecutionException e) {
            throw new KafkaSetupException("cannot check topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted checking topics", e);
        }
    }

    static List<String> ensure(Admin admin, Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            // Replicas from the brokers there are now: `rootzone up` provisions once all have joined.
            int brokers = admin.describeCluster().nodes().get().size();
            List<NewTopic> missing = specs.stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), Topics.replicationFactor(brokers))
                            .configs(Topics.config(s, brokers)))
                    .toList();
            List<String> created = new ArrayList<>();
            for (NewTopic t : missing) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                    created.add(t.name());
                } catch (ExecutionException e) {
                    // Another service created it meanwhile: then it is checked like any existing topic.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            failOnProblems(checkWhenVisible(admin, specs));
            return created;
        } catch (ExecutionException e) {
            throw new KafkaSetupException("cannot provision topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted provisioning topics", e);
        }
    }

    private static void failOnProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new KafkaSetupException("topics do not match the event contract (fix or recreate them): "
                    + String.join("; ", problems));
        }
    }

    /** A topic just created may not be in the broker's metadata yet: describing it fails for a moment. */
    private static List<String> checkWhenVisible(Admin admin, Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT_NANOS;
        while (true) {
            try {
                return check(admin, specs);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<String> check(Admin admin, Collection<TopicSpec> specs) throws ExecutionException, InterruptedException {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).collect(Collectors.toList())).all().get();
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : specs) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                // Keys map to partitions by count: a different count would split a zone's history.
                problems.add(spec.name() + " has " + partitions + " partitions, the contract says " + spec.partitions());
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            // Durability follows the topic's own replica count, not the brokers alive now: a service
            // starting while one broker is down must still accept a 3-replica topic.
            int replicas = descriptions.get(spec.name()).partitions().get(0).replicas().size();
            Map<String, String> wantedConfig = new java.util.HashMap<>(spec.config());
            wantedConfig.putAll(Topics.durability(replicas));
            for (String name : CHECKED) {
                String wanted = wantedConfig.get(name);
                if (wanted == null) {
                    continue;
                }
                var entry = config.get(name);
                String actual = entry == null ? null : entry.value();
                if (!wanted.equals(actual)) {
                    problems.add(spec.name() + " has " + name + "=" + actual + ", the contract says " + wanted);
                }
            }
        }
        return problems;
    }

    private TopicProvisioner() {}
}
