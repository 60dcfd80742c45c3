package rootzone.zone;

import java.util.Objects;

/**
 * What a version's publisher stated its full content to be, and so what a zone rebuilt from the log is
 * checked against ({@link VersionChecks#content}): a {@link ContentRoot} where the version states one,
 * else the flat {@link ContentDigest}. Both cover the same content (every record, signatures and
 * ZONEMD included, canonical wire form and order); they differ in what the check costs.
 */
public sealed interface StatedContent {

    /** The stated value (not copied: a statement is made for one check and dropped). */
    byte[] value();

    /** The same measure of {@code zone}. */
    byte[] of(Zone zone);

    /** What it is called in a refusal. */
    String what();

    /**
     * A content root: the check costs the blocks the change touched, since a zone made by a delta
     * shares the other blocks, with their digests, with the version it follows.
     */
    record Root(byte[] value) implements StatedContent {
        public Root {
            Objects.requireNonNull(value, "content root");
        }

        @Override
        public byte[] of(Zone zone) {
            return ContentRoot.of(zone);
        }

        @Override
        public String what() {
            return "content root";
        }
    }

    /** A flat content digest: the check is a pass over the whole zone. */
    record Digest(byte[] value) implements StatedContent {
        public Digest {
            Objects.requireNonNull(value, "content digest");
        }

        @Override
        public byte[] of(Zone zone) {
            return ContentDigest.of(zone);
        }

        @Override
        public String what() {
            return "content digest";
        }
    }
}
