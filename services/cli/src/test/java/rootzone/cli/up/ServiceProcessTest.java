package rootzone.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of a service: made at exit when missing or older than the build, used when
 * fresh, and kept only from a run that ended well. A background service runs at SCHED_IDLE.
 */
class ServiceProcessTest {

    @Test
    void archiveMadeWhenMissingOrStaleAndUsedWhenFresh(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        ServiceProcess.ClassArchive archive = new ServiceProcess.ClassArchive(dir.resolve("node-1.jsa"), jar);
        assertEquals("-XX:ArchiveClassesAtExit=" + dir.resolve("node-1.jsa.part"), archive.option());
        Files.writeString(archive.archive(), "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(archive.archive(), FileTime.fromMillis(2_000_000));
        assertEquals("-XX:SharedArchiveFile=" + archive.archive(), archive.option());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000)); // rebuilt since
        assertEquals("-XX:ArchiveClassesAtExit=" + archive.part(), archive.option());
    }

    @Test
    void onlyARunThatEndedWellWithTheSameJarKeepsItsArchive(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        FileTime built = Files.getLastModifiedTime(jar);
        ServiceProcess.ClassArchive archive = new ServiceProcess.ClassArchive(dir.resolve("node-1.jsa"), jar);
        for (int killedOrCrashed : new int[] {137, 134, 1}) {
            Files.writeString(archive.part(), "torn");
            archive.settle(killedOrCrashed, built);
            assertFalse(Files.exists(archive.part()), "exit " + killedOrCrashed);
            assertFalse(Files.exists(archive.archive()), "exit " + killedOrCrashed);
        }
        Files.writeString(archive.part(), "whole");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 60_000)); // rebuilt under the run
        archive.settle(143, built);
        assertFalse(Files.exists(archive.archive()), "written by the jar before the rebuild");
        Files.writeString(archive.part(), "whole");
        archive.settle(143, Files.getLastModifiedTime(jar)); // SIGTERM, exit hooks run: the archive is whole
        assertEquals("whole", Files.readString(archive.archive()));
        assertFalse(Files.exists(archive.part()));
        archive.settle(0, Files.getLastModifiedTime(jar)); // nothing written this time: the archive stays
        assertEquals("whole", Files.readString(archive.archive()));
    }

    /**
     * Through real processes: the option reaches the command, a run stopped by SIGTERM that wrote the
     * archive on its way out leaves it for the restart to map, and a run killed while writing leaves
     * nothing behind.
     */
    @Test
    void aStoppedRunsArchiveIsMappedByTheNextAndAKilledRunLeavesNone(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        ServiceProcess.ClassArchive archive = new ServiceProcess.ClassArchive(dir.resolve("run/node-1.jsa"), jar);
        // A stand-in JVM: the option arrives as $1; on SIGTERM it writes the file the option names and exits 143.
        Path jvm = Files.writeString(dir.resolve("jvm.sh"), "echo \"option $1\"; p=${1#-XX:ArchiveClassesAtExit=}\n"
                + "trap '[ \"$p\" != \"$1\" ] && echo archived > \"$p\"; exit 143' TERM\n"
                + "while true; do sleep 0.1; done\n");
        ServiceProcess p = ServiceProcess.startWithArchive(dir, "node-1", List.of("bash", jvm.toString()), archive,
                dir.resolve("logs"), dir.resolve("run"));
        assertEquals(ServiceProcess.ARCHIVING_GRACE, p.grace());
        Thread.sleep(300); // the trap installed
        p.terminate();
        assertTrue(p.awaitStopped(System.nanoTime()));
        assertTrue(Files.exists(archive.archive()), () -> listing(dir));
        assertEquals("archived\n", Files.readString(archive.archive()));
        assertFalse(Files.exists(archive.part()));

        p.restart();
        assertEquals(ServiceProcess.STOP_GRACE, p.grace());
        Thread.sleep(300);
        p.terminate();
        assertTrue(p.awaitStopped(System.nanoTime()));
        String log = Files.readString(dir.resolve("logs/node-1.log"));
        assertTrue(log.contains("option -XX:ArchiveClassesAtExit=" + archive.part()), log);
        assertTrue(log.contains("option -XX:SharedArchiveFile=" + archive.archive()), log);

        Files.delete(archive.archive());
        p.restart(); // no archive: this run writes one, and is killed with it half written
        Thread.sleep(300);
        Files.writeString(archive.part(), "half");
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.awaitStopped(System.nanoTime()));
        assertFalse(Files.exists(archive.part()));
        assertFalse(Files.exists(archive.archive()));
    }

    @Test
    void aBackgroundServiceRunsAtSchedIdleUnderItsOwnPid(@TempDir Path dir) throws Exception {
        assumeTrue(ServiceProcess.Scheduling.available(), "no /usr/bin/chrt: not Linux");
        ServiceProcess background = ServiceProcess.startCommand(dir, "auditor", 0, List.of("sleep", "30"),
                ServiceProcess.Scheduling.BACKGROUND, dir.resolve("logs"), dir.resolve("run"));
        ServiceProcess normal = ServiceProcess.startCommand(dir, "publisher", 0, List.of("sleep", "30"),
                ServiceProcess.Scheduling.NORMAL, dir.resolve("logs"), dir.resolve("run"));
        try {
            // chrt executes the command in its own process: the pid the supervisor signals is the service's.
            assertEquals("sleep", commandOf(background.pid()));
            assertEquals(Long.toString(background.pid()), Files.readString(dir.resolve("run/auditor.pid")).strip());
            assertEquals(SCHED_IDLE, policyOf(background.pid()));
            assertEquals(SCHED_OTHER, policyOf(normal.pid()));
        } finally {
            background.terminate();
            normal.terminate();
            assertTrue(background.awaitStopped(System.nanoTime()));
            assertTrue(normal.awaitStopped(System.nanoTime()));
        }
    }

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;

    /** The process's name once chrt has executed the command (it starts as chrt). */
    private static String commandOf(long pid) throws Exception {
        Path comm = Path.of("/proc/" + pid + "/comm");
        String name = Files.readString(comm).strip();
        for (long end = System.nanoTime() + 5_000_000_000L; name.equals("chrt") && System.nanoTime() < end; ) {
            Thread.sleep(20);
            name = Files.readString(comm).strip();
        }
        return name;
    }

    /** Field 41 of /proc/PID/stat, the scheduling policy (proc(5)); the fields after the name start at 3. */
    private static int policyOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }

    private static String listing(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.map(Path::toString).toList() + "\n" + Files.readString(dir.resolve("logs/node-1.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
