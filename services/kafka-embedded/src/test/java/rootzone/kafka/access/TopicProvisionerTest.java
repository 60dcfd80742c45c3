package rootzone.kafka.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import rootzone.events.Topics;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;

@ExtendWith(KafkaBrokerExtension.class)
class TopicProvisionerTest {

    @Test
    void createsEveryContractTopicWithItsConfigAndIsIdempotent() throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.ADMIN);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            TopicProvisioner.ensure(admin); // may have been done by another test class of this run
            assertEquals(List.of(), TopicProvisioner.ensure(admin), "nothing left to create");
            var descriptions = admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                    .allTopicNames().get();
            for (Topics.TopicSpec spec : Topics.ALL) {
                assertEquals(spec.partitions(), descriptions.get(spec.name()).partitions().size(), spec.name());
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                spec.config().forEach((k, v) -> assertEquals(v, config.get(k).value(), spec.name() + " " + k));
            }
        }
    }

    @Test
    void createsMissingTopicsAndRefusesOnesWithTheWrongRetentionOrPartitions() throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.ADMIN);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Topics.TopicSpec history = new Topics.TopicSpec("rootzone.test.history." + suffix, 2, Map.of("retention.ms", "-1", "cleanup.policy", "delete"));
        Topics.TopicSpec compacted = new Topics.TopicSpec("rootzone.test.compacted." + suffix, 1, Map.of("cleanup.policy", "compact"));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertEquals(List.of(history.name(), compacted.name()), TopicProvisioner.ensure(admin, List.of(history, compacted)));

            // Someone created it by hand with the broker defaults (7 days, one partition).
            Topics.TopicSpec wrong = new Topics.TopicSpec("rootzone.test.wrong." + suffix, 3, Map.of("retention.ms", "-1", "cleanup.policy", "delete"));
            admin.createTopics(List.of(new NewTopic(wrong.name(), 1, (short) 1))).all().get();
            KafkaSetupException e = assertThrows(KafkaSetupException.class, () -> TopicProvisioner.ensure(admin, List.of(history, wrong)));
            assertTrue(e.getMessage().contains(wrong.name() + " has retention.ms=604800000, the contract says -1"), e.getMessage());
            assertTrue(e.getMessage().contains(wrong.name() + " has 1 partitions, the contract says 3"), e.getMessage());
        }
    }
}
