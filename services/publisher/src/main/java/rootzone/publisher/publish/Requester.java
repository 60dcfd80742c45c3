package rootzone.publisher.publish;

import java.util.Objects;

/** Who stands behind a submitted version, as far as the publisher could establish it. */
public sealed interface Requester {

    /** What the events record as publisher (ZoneVersionCommitted) or requestedBy (VersionRejected). */
    String identity();

    /**
     * A publication request whose Ed25519 signature verified against the key the operator directory
     * holds for a maintainer of the zone (docs/security.md). The version must have exactly the serial
     * and content digest that were signed.
     */
    record Signed(String identity, String keyId, byte[] signature, long serial, byte[] contentDigest) implements Requester {
        public Signed {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(keyId, "keyId");
            signature = signature.clone();
            contentDigest = contentDigest.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public byte[] contentDigest() {
            return contentDigest.clone();
        }
    }

    /**
     * An input the operator configured on the publisher host (drop directory, zone transfer from a
     * primary): trusted by configuration, as the host's file system and configuration are, and
     * recorded as such.
     */
    record Configured(String input) implements Requester {
        public Configured {
            Objects.requireNonNull(input, "input");
        }

        @Override
        public String identity() {
            return "configured:" + input;
        }
    }

    /**
     * A signed import request (compliance ImportRequest) whose signature verified against the key the
     * operator directory holds for a maintainer of the zone: it covers the import as a whole (zone,
     * source, relaxations, time), not each version, so it publishes only through
     * {@link ZonePublisher#importVersions}.
     */
    record SignedImport(String identity, String keyId) implements Requester {
        public SignedImport {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    /** A request that was not (or could not be) verified: only ever recorded in a rejection. */
    record Unverified(String claimed) implements Requester {
        public Unverified {
            Objects.requireNonNull(claimed, "claimed");
        }

        @Override
        public String identity() {
            return "unverified:" + claimed;
        }
    }
}
