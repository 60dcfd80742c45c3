package rootzone.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data archive of a service: made at exit when missing or older than the build, used when fresh. */
class ServiceProcessTest {

    @Test
    void archiveMadeWhenMissingOrStaleAndUsedWhenFresh(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        Path archive = dir.resolve("node-1.jsa");
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, ServiceProcess.classDataSharing(archive, jar));
        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));
        assertEquals("-XX:SharedArchiveFile=" + archive, ServiceProcess.classDataSharing(archive, jar));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000)); // rebuilt since
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, ServiceProcess.classDataSharing(archive, jar));
    }
}
