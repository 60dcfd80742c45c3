package rootzone.eventlog.signing;

/** Whether a version or snapshot head was signed by a trusted publisher key. */
public sealed interface Verdict {

    /** Signed by the trusted key {@code keyId}. */
    record Trusted(String keyId) implements Verdict {}

    /** Not signed by any trusted key; {@code why} says how (unsigned, unknown key, bad signature). */
    record Untrusted(String why) implements Verdict {}

    default boolean trusted() {
        return this instanceof Trusted;
    }
}
