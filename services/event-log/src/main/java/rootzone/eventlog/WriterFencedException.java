package rootzone.eventlog;

/**
 * Another writer started with the same transactional.id: this one is fenced for good (Kafka refuses
 * its transactions) and has stopped. Only the newer instance may write; restart to take over again.
 */
public final class WriterFencedException extends EventLogException {

    public WriterFencedException(String transactionalId, Throwable cause) {
        super("event writer '" + transactionalId + "' was fenced by another writer with the same "
                + "transactional.id; this instance has stopped and writes nothing more", cause);
    }
}
