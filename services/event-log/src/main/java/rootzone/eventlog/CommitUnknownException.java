package rootzone.eventlog;

/**
 * The transaction's commit was asked for but Kafka's answer was lost (a broker frozen or gone while
 * the commit was in flight): the transaction may have committed or not. The writer has stopped; a new
 * writer with the same transactional id settles it (registering the id completes a commit the
 * coordinator has already recorded, or aborts the transaction), after which the log says which.
 */
public final class CommitUnknownException extends EventLogException {

    public CommitUnknownException(String transactionalId, Throwable cause) {
        super("the commit of a transaction of '" + transactionalId + "' was asked for but its answer was lost ("
                + cause.getMessage() + "); it may have committed: the log says which once a new writer has fenced this one", cause);
    }
}
