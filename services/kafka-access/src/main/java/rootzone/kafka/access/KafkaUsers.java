package rootzone.kafka.access;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.resource.ResourcePatternFilter;

/**
 * A role's principal on the cluster: its SCRAM-SHA-512 credential and exactly the ACLs of
 * {@link RoleAcls} (grants not in the table are removed, so the table stays the truth).
 * Needs a client allowed to Alter and Describe the cluster (the admin role, or the broker itself).
 */
public final class KafkaUsers {

    /**
     * PBKDF2 iterations of the stored credential: Kafka's minimum, RFC 7677's 4096. Iterations slow the guessing
     * of a weak password from a leaked credential; these passwords are 192 random bits, which no iteration count
     * changes. Every client connection computes them again (two per client: bootstrap and broker), and at a
     * restart, cold, that was 6-65 ms of CPU each at 8192.
     */
    static final int ITERATIONS = 4096;
    private static final Duration PROPAGATION = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh random password: 192 bits, URL-safe base64 (nothing to quote in a JAAS line). */
    public static String randomPassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Creates or updates the role's user with this password and sets its ACLs to the table's, then
     * waits until the broker enforces them (metadata reaches the broker's authorizer asynchronously).
     *
     * @throws KafkaSetupException when the cluster refuses (e.g. the client may not alter it)
     */
    public static void ensure(Admin admin, Role role, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(role.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password))).all().get();
            AclBindingFilter mine = new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(role.principal(), null, AclOperation.ANY, AclPermissionType.ANY));
            Set<AclBinding> wanted = new HashSet<>(RoleAcls.bindings(role));
            Collection<AclBinding> present = admin.describeAcls(mine).values().get();
            List<AclBindingFilter> stale = present.stream().filter(b -> !wanted.contains(b)).map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get();
            }
            List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get();
            }
            long deadline = System.nanoTime() + PROPAGATION.toNanos();
            while (!new HashSet<>(admin.describeAcls(mine).values().get()).equals(wanted)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaSetupException("the ACLs of " + role.principal() + " are not in effect after " + PROPAGATION.toSeconds() + " s");
                }
                Thread.sleep(20);
            }
        } catch (ExecutionException e) {
            throw new KafkaSetupException("cannot set up Kafka user " + role.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted setting up Kafka user " + role.name(), e);
        }
    }

    /**
     * Waits until the broker accepts this connection's credentials (a new SCRAM credential reaches
     * the broker asynchronously).
     *
     * @throws KafkaSetupException when it still refuses, or nothing answers, within 30 s
     */
    public static void awaitAuthenticates(KafkaConnection connection) {
        var p = connection.clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        try (Admin probe = Admin.create(p)) {
            while (true) {
                try {
                    probe.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    if (System.nanoTime() > deadline) {
                        throw new KafkaSetupException("Kafka does not accept " + connection + ": " + cause.getMessage(), cause);
                    }
                    if (!(cause instanceof AuthenticationException)) {
                        throw new KafkaSetupException("cannot reach Kafka at " + connection + ": " + cause.getMessage(), cause);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    private KafkaUsers() {}
}
