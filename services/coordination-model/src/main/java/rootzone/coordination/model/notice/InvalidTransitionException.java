package rootzone.coordination.model.notice;

/** A lifecycle step that is not allowed from the notice's current state, or is malformed. */
public final class InvalidTransitionException extends RuntimeException {
    public InvalidTransitionException(String message) {
        super(message);
    }
}
