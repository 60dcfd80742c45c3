package rootzone.eventlog;

/** The event log could not be written or read as the contract says (Kafka failure, corrupt data). */
public class EventLogException extends RuntimeException {

    public EventLogException(String message) {
        super(message);
    }

    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
