package rootzone.eventlog;

import java.util.HexFormat;

/**
 * A version committed to the versions topic.
 *
 * @param committedOffset offset of its ZoneVersionCommitted on the versions topic
 * @param chunkCount number of ZoneVersionChunk records before it
 * @param snapshotChunks number of ZoneSnapshotChunk records written with it (0: no snapshot)
 */
public record WrittenVersion(long serial, long committedOffset, byte[] contentDigest, int chunkCount, int snapshotChunks) {

    public WrittenVersion {
        contentDigest = contentDigest.clone();
    }

    @Override
    public byte[] contentDigest() {
        return contentDigest.clone();
    }

    @Override
    public String toString() {
        return "WrittenVersion[serial " + serial + " at offset " + committedOffset + ", digest "
                + HexFormat.of().formatHex(contentDigest) + ", " + chunkCount + " chunks"
                + (snapshotChunks > 0 ? ", snapshot of " + snapshotChunks + " chunks" : "") + "]";
    }
}
