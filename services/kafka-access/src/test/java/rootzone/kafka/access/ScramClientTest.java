package rootzone.kafka.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.junit.jupiter.api.Test;

/** The SCRAM client against Kafka's own SCRAM server (the broker's), in memory. */
class ScramClientTest {

    private static final ScramMechanism SHA512 = ScramMechanism.SCRAM_SHA_512;

    @Test
    void authenticatesToKafkasServerAndDerivesTheSaltedPasswordOncePerCredential() throws Exception {
        ScramCredential credential = new ScramFormatter(SHA512).generateCredential("s3cret", 4096);
        long before = ScramClient.derivations();
        for (int i = 0; i < 3; i++) {
            exchange(client("node-1", "s3cret"), server("node-1", credential));
        }
        assertEquals(1, ScramClient.derivations() - before, "three logins with one credential derive once");

        // A new credential (a new salt) for the same password derives again; so does another password.
        exchange(client("node-1", "s3cret"), server("node-1", new ScramFormatter(SHA512).generateCredential("s3cret", 4096)));
        exchange(client("node-2", "other"), server("node-2", new ScramFormatter(SHA512).generateCredential("other", 4096)));
        assertEquals(3, ScramClient.derivations() - before);
    }

    @Test
    void clientsLoggingInAtOnceWaitForOneDerivation() throws Exception {
        ScramCredential credential = new ScramFormatter(SHA512).generateCredential("at-once", 4096);
        long before = ScramClient.derivations();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(6);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.List<java.util.concurrent.Future<?>> logins = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                logins.add(pool.submit(() -> {
                    start.await();
                    exchange(client("node-1", "at-once"), server("node-1", credential));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> login : logins) {
                login.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, ScramClient.derivations() - before, "six simultaneous logins derive once");
    }

    @Test
    void aWrongPasswordFailsEvenAfterTheRightOneWasCached() throws Exception {
        ScramCredential credential = new ScramFormatter(SHA512).generateCredential("right", 4096);
        exchange(client("node-1", "right"), server("node-1", credential));
        SaslException e = assertThrows(SaslException.class, () -> exchange(client("node-1", "wrong"), server("node-1", credential)));
        assertTrue(e.getMessage().contains("Invalid client"), e.getMessage()); // the server refused it
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsRefused() throws Exception {
        // The server's credential is for another password: its signature cannot match what the client derives.
        ScramFormatter formatter = new ScramFormatter(SHA512);
        ScramCredential real = formatter.generateCredential("s3cret", 4096);
        ScramCredential impostor = formatter.generateCredential(real.salt(), formatter.hi("guess".getBytes(StandardCharsets.UTF_8),
                real.salt(), 4096), 4096);
        SaslClient c = client("node-1", "s3cret");
        SaslServer s = server("node-1", new ScramCredential(real.salt(), real.storedKey(), impostor.serverKey(), 4096));
        byte[] first = c.evaluateChallenge(new byte[0]);
        byte[] serverFirst = s.evaluateResponse(first);
        byte[] clientFinal = c.evaluateChallenge(serverFirst);
        byte[] serverFinal = s.evaluateResponse(clientFinal);
        SaslException e = assertThrows(SaslException.class, () -> c.evaluateChallenge(serverFinal));
        assertTrue(e.getMessage().contains("invalid server signature"), e.getMessage());
        assertFalse(c.isComplete());
    }

    @Test
    void aServerAskingForTooManyIterationsIsRefusedBeforeAnyDerivation() throws Exception {
        SaslClient c = client("node-1", "s3cret");
        byte[] first = c.evaluateChallenge(new byte[0]);
        String nonce = new String(first, StandardCharsets.UTF_8).replaceAll(".*,r=", "");
        long before = ScramClient.derivations();
        byte[] serverFirst = ("r=" + nonce + "xyz,s=" + java.util.Base64.getEncoder().encodeToString(new byte[16]) + ",i=100000000")
                .getBytes(StandardCharsets.UTF_8);
        SaslException e = assertThrows(SaslException.class, () -> c.evaluateChallenge(serverFirst));
        assertTrue(e.getMessage().contains("iterations"), e.getMessage());
        assertEquals(before, ScramClient.derivations());
    }

    @Test
    void installedItIsTheClientKafkasAuthenticatorGetsForBothMechanisms() throws Exception {
        ScramClient.install();
        ScramClient.install();
        for (String mechanism : new String[] {"SCRAM-SHA-512", "SCRAM-SHA-256"}) {
            SaslClient c = Sasl.createSaslClient(new String[] {mechanism}, null, "kafka", "localhost", Map.of(), handler("u", "p"));
            assertInstanceOf(ScramClient.class, c);
            assertEquals(mechanism, c.getMechanismName());
        }
        assertEquals(1, java.util.Arrays.stream(java.security.Security.getProviders())
                .filter(p -> p.getName().equals("rootzone SCRAM client")).count());
    }

    private static void exchange(SaslClient c, SaslServer s) throws SaslException {
        byte[] serverFirst = s.evaluateResponse(c.evaluateChallenge(new byte[0]));
        byte[] serverFinal = s.evaluateResponse(c.evaluateChallenge(serverFirst));
        assertTrue(s.isComplete());
        assertNull(c.evaluateChallenge(serverFinal));
        assertTrue(c.isComplete());
    }

    private static SaslClient client(String user, String password) throws Exception {
        return new ScramClient.Factory().createSaslClient(new String[] {SHA512.mechanismName()}, null, "kafka", "localhost", Map.of(),
                handler(user, password));
    }

    private static CallbackHandler handler(String user, String password) {
        return callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback n) {
                    n.setName(user);
                } else if (cb instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        };
    }

    private static SaslServer server(String user, ScramCredential credential) throws Exception {
        return new ScramSaslServer(SHA512, Map.of(), callbacks -> {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback n) {
                    name = n.getDefaultName();
                } else if (cb instanceof ScramCredentialCallback c) {
                    c.scramCredential(user.equals(name) ? credential : null);
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        });
    }
}
