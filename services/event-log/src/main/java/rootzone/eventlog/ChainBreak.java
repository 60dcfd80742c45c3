package rootzone.eventlog;

/**
 * The first place a hash chain does not hold.
 *
 * @param producer the envelope producer of the offending event (null when undecodable)
 * @param key the Kafka key: part of the chain's identity
 * @param expectedSequence the sequence the event should carry
 * @param foundSequence the sequence it carries (-1 when undecodable)
 * @param expectedHash hex SHA-256 of the previous event's value ("" before the first)
 * @param foundHash hex previousHash it carries
 * @param reason what is wrong, in words
 */
public record ChainBreak(String topic, int partition, long offset, String key, String producer,
                         long expectedSequence, long foundSequence, String expectedHash, String foundHash,
                         String reason) {

    @Override
    public String toString() {
        return "chain break at " + topic + "-" + partition + "@" + offset + " (key " + key + ", producer "
                + producer + "): " + reason + "; expected sequence " + expectedSequence + " previousHash "
                + (expectedHash.isEmpty() ? "(empty)" : expectedHash) + ", found sequence " + foundSequence
                + " previousHash " + (foundHash.isEmpty() ? "(empty)" : foundHash);
    }
}
