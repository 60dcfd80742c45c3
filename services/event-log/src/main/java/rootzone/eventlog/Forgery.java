package rootzone.eventlog;

/**
 * An event on a publication topic that a trusted publisher did not write: a version or snapshot head
 * without a valid signature by a trusted publisher key, or the chunks of such a version. Readers skip
 * it (it never becomes anyone's head) and report it.
 *
 * @param producer the producer its envelope claims (anyone can claim any name), or null if undecodable
 * @param serial the serial it claims, or null
 */
public record Forgery(String topic, int partition, long offset, String key, String producer, String eventType,
                      Long serial, String why) {

    public String describe() {
        return topic + "-" + partition + "@" + offset + " " + eventType + (serial == null ? "" : " serial " + serial)
                + " claiming producer " + producer + ": " + why;
    }
}
