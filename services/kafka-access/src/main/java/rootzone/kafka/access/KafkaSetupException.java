package rootzone.kafka.access;

/** The cluster is not set up as the contract and the role table say, or cannot be set up so. */
public final class KafkaSetupException extends RuntimeException {

    public KafkaSetupException(String message) {
        super(message);
    }

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
