package rootzone.kafka.access;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;

/**
 * The client side of SASL/SCRAM (RFC 5802) for every Kafka client of the process, Kafka's exchange
 * with one difference: the SaltedPassword is derived once per password, salt and iteration count and
 * kept, as RFC 5802 section 5.1 allows ("a client implementation MAY cache ClientKey&ServerKey (or
 * just SaltedPassword) for later reauthentication to the same service").
 *
 * <p>Why: the derivation is 4,096 HMAC-SHA-512 rounds, and a service opens a connection per client
 * and broker (a serving node about a dozen at start). Kafka's own client derives it for each one: half a
 * second of CPU of a node's start from Kafka, most of it before the JIT has compiled SHA-512.
 *
 * <p>Nothing else changes: the nonces are fresh, the proof is per exchange, the server's signature is
 * checked, and a different password, salt or iteration count derives anew. The cache is keyed by a
 * digest of the password, never the password, and holds what the process could derive again from the
 * password it already holds. Installed ahead of Kafka's provider by {@link #install()}.
 */
public final class ScramClient implements SaslClient {

    /** At most this many derivations are kept (one per credential and salt in practice). */
    static final int CACHE_LIMIT = 64;
    private static final Map<String, CompletableFuture<byte[]>> SALTED_PASSWORDS = new ConcurrentHashMap<>();
    private static final AtomicLong DERIVATIONS = new AtomicLong();

    private enum State { SEND_CLIENT_FIRST, RECEIVE_SERVER_FIRST, RECEIVE_SERVER_FINAL, COMPLETE, FAILED }

    private final ScramMechanism mechanism;
    private final CallbackHandler callbacks;
    private final ScramFormatter formatter;
    private State state = State.SEND_CLIENT_FIRST;
    private String clientNonce;
    private byte[] saltedPassword;
    private ClientFirstMessage clientFirst;
    private ServerFirstMessage serverFirst;
    private ClientFinalMessage clientFinal;

    ScramClient(ScramMechanism mechanism, CallbackHandler callbacks) throws NoSuchAlgorithmException {
        this.mechanism = mechanism;
        this.callbacks = callbacks;
        this.formatter = new ScramFormatter(mechanism);
    }

    /**
     * Puts this client first for SCRAM-SHA-256 and SCRAM-SHA-512 in the JVM's security providers, where
     * Kafka's SASL authenticator looks the mechanism up ({@code Sasl.createSaslClient}). Idempotent.
     */
    public static void install() {
        Installed.PROVIDER.getClass(); // the holder's initialisation installs it once
    }

    private static final class Installed {
        static final Provider PROVIDER = new ScramClientProvider();

        static {
            Security.insertProviderAt(PROVIDER, 1);
        }
    }

    /** How many SaltedPasswords this process has derived (the rest came from the cache). */
    static long derivations() {
        return DERIVATIONS.get();
    }

    @Override
    public String getMechanismName() {
        return mechanism.mechanismName();
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        try {
            return switch (state) {
                case SEND_CLIENT_FIRST -> clientFirst(challenge);
                case RECEIVE_SERVER_FIRST -> clientFinal(challenge);
                case RECEIVE_SERVER_FINAL -> {
                    checkServerFinal(challenge);
                    state = State.COMPLETE;
                    yield null;
                }
                case COMPLETE, FAILED -> throw new SaslException("unexpected SCRAM challenge in state " + state);
            };
        } catch (SaslException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private byte[] clientFirst(byte[] challenge) throws SaslException {
        if (challenge != null && challenge.length != 0) {
            throw new SaslException("expected an empty challenge before the client-first-message");
        }
        NameCallback name = new NameCallback("Name:");
        ScramExtensionsCallback extensions = new ScramExtensionsCallback();
        handle(name, "user name");
        try {
            callbacks.handle(new Callback[] {extensions});
        } catch (UnsupportedCallbackException e) {
            // A handler without extensions (delegation tokens): none are sent, as Kafka's client does.
        } catch (Exception e) {
            throw new SaslException("SCRAM extensions could not be obtained", e);
        }
        clientNonce = formatter.secureRandomString();
        clientFirst = new ClientFirstMessage(ScramFormatter.saslName(name.getName()), clientNonce, extensions.extensions());
        state = State.RECEIVE_SERVER_FIRST;
        return clientFirst.toBytes();
    }

    private byte[] clientFinal(byte[] challenge) throws SaslException {
        serverFirst = new ServerFirstMessage(challenge);
        // RFC 5802 section 5.1: the server's nonce starts with the client's.
        if (!serverFirst.nonce().startsWith(clientNonce)) {
            throw new SaslException("invalid server nonce: it does not start with the client nonce");
        }
        // Kafka's bounds for the mechanism: fewer weakens the credential, more lets a server make the
        // client spin.
        if (serverFirst.iterations() < mechanism.minIterations() || serverFirst.iterations() > mechanism.maxIterations()) {
            throw new SaslException("the server asks for " + serverFirst.iterations() + " iterations, outside "
                    + mechanism.minIterations() + "-" + mechanism.maxIterations() + " for " + mechanism);
        }
        PasswordCallback password = new PasswordCallback("Password:", false);
        handle(password, "password");
        char[] chars = password.getPassword();
        if (chars == null) {
            throw new SaslException("no SCRAM password");
        }
        try {
            saltedPassword = saltedPassword(ScramFormatter.normalize(new String(chars)), serverFirst.salt(), serverFirst.iterations());
            clientFinal = new ClientFinalMessage("n,,".getBytes(StandardCharsets.UTF_8), serverFirst.nonce());
            clientFinal.proof(formatter.clientProof(saltedPassword, clientFirst, serverFirst, clientFinal));
        } catch (InvalidKeyException e) {
            throw new SaslException("the client-final-message could not be made", e);
        } finally {
            password.clearPassword();
        }
        state = State.RECEIVE_SERVER_FINAL;
        return clientFinal.toBytes();
    }

    /** RFC 5802 section 3: the client authenticates the server by its ServerSignature. */
    private void checkServerFinal(byte[] challenge) throws SaslException {
        ServerFinalMessage serverFinal = new ServerFinalMessage(challenge);
        if (serverFinal.error() != null) {
            throw new SaslException("SASL authentication with " + mechanism + " failed: " + serverFinal.error());
        }
        try {
            byte[] expected = formatter.serverSignature(formatter.serverKey(saltedPassword), clientFirst, serverFirst, clientFinal);
            if (!MessageDigest.isEqual(serverFinal.serverSignature(), expected)) {
                throw new SaslException("invalid server signature in the server-final-message");
            }
        } catch (InvalidKeyException e) {
            throw new SaslException("the server signature could not be checked", e);
        }
    }

    private byte[] saltedPassword(byte[] password, byte[] salt, int iterations) throws InvalidKeyException {
        String key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(password);
            key = mechanism.mechanismName() + ' ' + iterations + ' ' + Base64.getEncoder().encodeToString(salt) + ' '
                    + Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
        // One derivation per key even when a service's clients all log in at once (a node starts about
        // six): the first to ask derives, the others wait for its result.
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> derivation = SALTED_PASSWORDS.putIfAbsent(key, mine);
        if (derivation == null) {
            if (SALTED_PASSWORDS.size() > CACHE_LIMIT) {
                // A server changing salts at every exchange gets no cache, not unbounded memory.
                SALTED_PASSWORDS.keySet().removeIf(k -> !k.equals(key));
            }
            try {
                mine.complete(formatter.hi(password, salt, iterations));
                DERIVATIONS.incrementAndGet();
            } catch (InvalidKeyException | RuntimeException e) {
                SALTED_PASSWORDS.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            derivation = mine;
        }
        try {
            return derivation.join().clone();
        } catch (java.util.concurrent.CompletionException e) {
            throw new InvalidKeyException("the SaltedPassword could not be derived", e.getCause());
        }
    }

    private void handle(Callback callback, String what) throws SaslException {
        try {
            callbacks.handle(new Callback[] {callback});
        } catch (Exception e) {
            throw new SaslException("SCRAM " + what + " could not be obtained", e);
        }
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException("SCRAM supports neither integrity nor privacy");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException("SCRAM supports neither integrity nor privacy");
    }

    @Override
    public Object getNegotiatedProperty(String name) {
        if (!isComplete()) {
            throw new IllegalStateException("the SCRAM exchange has not completed");
        }
        return null;
    }

    @Override
    public void dispose() {
        saltedPassword = null;
    }

    /** The SASL client factory of both SCRAM mechanisms Kafka knows. */
    static final class Factory implements SaslClientFactory {
        @Override
        public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol, String serverName,
                                           Map<String, ?> props, CallbackHandler callbacks) throws SaslException {
            for (String name : mechanisms) {
                ScramMechanism mechanism = ScramMechanism.forMechanismName(name);
                if (mechanism != null) {
                    try {
                        return new ScramClient(mechanism, callbacks);
                    } catch (NoSuchAlgorithmException e) {
                        throw new SaslException("no hash algorithm for " + name, e);
                    }
                }
            }
            throw new SaslException("none of " + String.join(", ", mechanisms) + " is a SCRAM mechanism");
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return ScramMechanism.mechanismNames().toArray(String[]::new);
        }
    }

    private static final class ScramClientProvider extends Provider {
        private static final long serialVersionUID = 1L;

        ScramClientProvider() {
            super("rootzone SCRAM client", "1.0", "SASL/SCRAM client with the SaltedPassword kept per credential (RFC 5802 section 5.1)");
            Factory factory = new Factory();
            for (String name : ScramMechanism.mechanismNames()) {
                putService(new Service(this, "SaslClientFactory", name, Factory.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object constructorParameter) {
                        return factory;
                    }
                });
            }
        }
    }
}
