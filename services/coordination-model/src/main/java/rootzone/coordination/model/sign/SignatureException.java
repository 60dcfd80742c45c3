package rootzone.coordination.model.sign;

/** An event whose signature is missing, malformed or does not verify under the expected key. */
public final class SignatureException extends RuntimeException {
    public SignatureException(String message) {
        super(message);
    }
}
