package rootzone.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Years of zone files held by an auditor: a directory of files or a git repository, one commit a version. */
public interface ZoneArchive extends AutoCloseable {

    /** Receives the versions one by one; throwing stops the reading. */
    interface VersionHandler {
        void accept(ArchiveEntry entry, byte[] text) throws Exception;
    }

    /** Every distinct version, in serial order (RFC 1982), each once. */
    List<ArchiveEntry> entries();

    /** Reads the given entries in the given order; streams, so memory holds one version at a time. */
    void read(List<ArchiveEntry> entries, VersionHandler handler) throws Exception;

    /** Things skipped while listing, e.g. commits without the zone file. */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close() throws IOException;

    /**
     * Opens a directory of zone files, a git repository (work tree or bare) or a git bundle.
     *
     * @param fileInRepo for git: the path of the zone file in each commit; null when every commit holds
     *     one file
     */
    static ZoneArchive open(Path path, String fileInRepo) throws ArchiveException {
        if (Files.isRegularFile(path)) {
            if (GitArchive.isBundle(path)) {
                try {
                    return BundleArchive.open(path, fileInRepo);
                } catch (GitPack.Unsupported beyondThePackReader) {
                    return GitArchive.fromBundle(path, fileInRepo); // git itself reads any bundle
                }
            }
            throw new ArchiveException(path + ": a file but not a git bundle; give a directory of zone files or a git repository");
        }
        if (!Files.isDirectory(path)) {
            throw new ArchiveException(path + ": no such directory or file");
        }
        if (Files.isDirectory(path.resolve(".git"))) {
            return GitArchive.fromRepository(path.resolve(".git"), fileInRepo, null);
        }
        if (Files.isRegularFile(path.resolve("HEAD")) && Files.isDirectory(path.resolve("objects"))) {
            return GitArchive.fromRepository(path, fileInRepo, null);
        }
        return DirectoryArchive.open(path);
    }
}
