package rootzone.publisher.publish;

import rootzone.zone.Zone;

/**
 * The last published version of a zone as the publisher holds it in memory: rebuilt from Kafka at
 * start (snapshot + deltas) and replaced after each committed publication.
 *
 * @param versionOffset offset of its ZoneVersionCommitted on the versions topic
 * @param versionsSinceSnapshot versions committed after the last one that carried a snapshot
 */
public record ZoneHead(Zone zone, byte[] contentDigest, long versionOffset, int versionsSinceSnapshot) {

    public ZoneHead {
        contentDigest = contentDigest.clone();
    }

    @Override
    public byte[] contentDigest() {
        return contentDigest.clone();
    }

    public long serial() {
        return zone.serial();
    }
}
