package rootzone.zone.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.xbill.DNS.Name;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;
import rootzone.zone.Zonemd;

/**
 * Times the zone-core hot paths on two real root zone versions (run by deploy/bench/zone-core/run.sh,
 * not a test). Prints one line per step: name, cold first run and warm median in milliseconds, in
 * process (JVM start-up excluded). Files are read into memory first: the steps, not the disk, are
 * measured.
 */
public final class ZoneCoreBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ZoneCoreBench OLD.zone NEW.zone [runs]");
            System.exit(2);
        }
        byte[] oldText = Files.readAllBytes(Path.of(args[0]));
        byte[] newText = Files.readAllBytes(Path.of(args[1]));
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;

        Zone a = time("parse", runs, () -> parse(newText));
        Zone b = parse(oldText);
        time("diff", runs, () -> ZoneDiff.between(b, a));
        time("zonemd-sha384", runs, () -> Zonemd.digest(a, Zonemd.SHA384));
        time("parse+zonemd-verify", runs, () -> Zonemd.verify(parse(newText)));
        time("parse2+diff", runs, () -> ZoneDiff.between(parse(oldText), parse(newText)));
        System.out.printf("# records=%d delegations=%d diff=%d%n", a.size(), a.delegations().size(), ZoneDiff.between(b, a).size());
    }

    private static Zone parse(byte[] text) {
        try {
            return ZoneParser.parse(text, Name.root, "bench");
        } catch (ZoneException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the step once cold, then warm-up runs, then `runs` timed runs; prints cold and median. */
    private static <T> T time(String step, int runs, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        double cold = (System.nanoTime() - start) / 1e6;
        for (int i = 0; i < Math.max(5, runs / 2); i++) {
            work.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s %.1f %.1f%n", step, cold, ms[runs / 2]);
        return result;
    }

    private ZoneCoreBench() {}
}
