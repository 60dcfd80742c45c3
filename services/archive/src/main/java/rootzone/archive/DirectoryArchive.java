package rootzone.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of zone files (plain or gzip), one version a file, named as you like: versions are
 * ordered by the serial in each file's SOA, and a file's modification time is its capture time.
 * Hidden files and sub-directories are ignored.
 */
final class DirectoryArchive extends ListedArchive {


    private DirectoryArchive(List<ArchiveEntry> entries) {
        super(entries, List.of());
    }

    static DirectoryArchive open(Path dir) throws ArchiveException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ArchiveException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ArchiveException(dir + ": no zone files in it");
        }
        List<ArchiveEntry> found = new ArrayList<>(files.size());
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                long serial = SoaSerial.of(in, f.toString());
                found.add(new ArchiveEntry(serial, Files.getLastModifiedTime(f).toInstant(), f.toString(),
                        f.getFileName().toString()));
            } catch (IOException e) {
                throw new ArchiveException(f + ": cannot read: " + e.getMessage(), e);
            }
        }
        return new DirectoryArchive(SerialOrder.sort(found, DirectoryArchive::sameBytes));
    }

    private static boolean sameBytes(ArchiveEntry a, ArchiveEntry b) throws ArchiveException {
        try {
            return Arrays.equals(Files.readAllBytes(Path.of(a.ref())), Files.readAllBytes(Path.of(b.ref())));
        } catch (IOException e) {
            throw new ArchiveException("cannot compare " + a.ref() + " and " + b.ref() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void read(List<ArchiveEntry> which, VersionHandler handler) throws Exception {
        for (ArchiveEntry e : which) {
            handler.accept(e, Files.readAllBytes(Path.of(e.ref())));
        }
    }

    @Override
    public void close() {}
}
