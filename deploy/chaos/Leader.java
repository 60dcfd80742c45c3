import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Prints the broker id leading a partition, as the controller has it now, for run.sh (no Kafka CLI
 * tools here). Usage: java -cp CLI_CLASSPATH Leader.java ADMIN_PROPERTIES TOPIC PARTITION BOOTSTRAP.
 * Run with Java's source launcher against the CLI's classpath, which has kafka-clients.
 */
public class Leader {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(r);
        }
        p.putIfAbsent(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[3]);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin a = Admin.create(p)) {
            var info = a.describeTopics(List.of(args[1])).allTopicNames().get().get(args[1]).partitions()
                    .get(Integer.parseInt(args[2]));
            System.out.println(info.leader() == null ? -1 : info.leader().id());
        }
    }
}
