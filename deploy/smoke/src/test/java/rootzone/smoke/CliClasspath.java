package rootzone.smoke;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the smoke tests run the CLI of this checkout ({@code java -cp ... rootzone.cli.Main}). */
final class CliClasspath {

    /** A rootzone module's jar in the local repository: rootzone/ARTIFACT/VERSION/ARTIFACT-VERSION.jar. */
    private static final Pattern OWN_JAR = Pattern.compile(".*/rootzone/([^/]+)/[^/]+/\\1-[^/]*\\.jar");

    /**
     * The CLI's runtime classpath, with rootzone's own modules from this checkout's build (their
     * target/classes) rather than whatever ~/.m2 holds, so that the brokers and the CLI are this code.
     */
    static String of(Path repo) throws IOException {
        Path cli = repo.resolve("services/cli/target");
        StringBuilder cp = new StringBuilder(cli.resolve("classes").toString());
        for (String entry : Files.readString(cli.resolve("classpath.txt")).trim().split(File.pathSeparator)) {
            Matcher own = OWN_JAR.matcher(entry);
            Path classes = own.matches()
                    ? repo.resolve(own.group(1).equals("rootzone-schemas") ? "schemas" : "services/" + own.group(1)).resolve("target/classes")
                    : null;
            cp.append(File.pathSeparator).append(classes != null && Files.isDirectory(classes) ? classes : entry);
        }
        return cp.toString();
    }

    private CliClasspath() {}
}
