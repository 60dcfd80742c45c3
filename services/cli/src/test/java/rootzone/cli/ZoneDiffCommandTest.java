package rootzone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ZoneDiffCommandTest {

    static final String V1 = """
            $ORIGIN .
            $TTL 86400
            @ IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400
            @ 518400 IN NS a.root-servers.net.
            com. 172800 IN NS a.gtld-servers.net.
            old. 172800 IN NS ns.old.
            ns.old. 172800 IN A 192.0.2.1
            """;
    static final String V2 = """
            $ORIGIN .
            $TTL 86400
            @ IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010101 1800 900 604800 86400
            @ 518400 IN NS a.root-servers.net.
            com. 86400 IN NS a.gtld-servers.net.
            new. 172800 IN NS ns.new.
            ns.new. 172800 IN A 192.0.2.2
            """;

    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RootzoneCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("rootzone: " + e.getMessage());
            return 2;
        });
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void printsRemovedAndAddedRecordsInCanonicalOrder(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.zone"), V1);
        Path b = Files.writeString(dir.resolve("b.zone"), V2);
        Result r = run("zone", "diff", a.toString(), b.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("""
                -. 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400
                +. 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010101 1800 900 604800 86400
                -com. 172800 IN NS a.gtld-servers.net.
                +com. 86400 IN NS a.gtld-servers.net.
                +new. 172800 IN NS ns.new.
                +ns.new. 172800 IN A 192.0.2.2
                -old. 172800 IN NS ns.old.
                -ns.old. 172800 IN A 192.0.2.1
                """, r.out().replaceAll("[ \t]+", " "));
    }

    @Test
    void identicalFilesGiveNoOutputAndExitZero(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.zone"), V1);
        Result r = run("zone", "diff", a.toString(), a.toString());
        assertEquals(0, r.exit());
        assertEquals("", r.out());
    }

    @Test
    void aBrokenFileIsAClearErrorWithItsLine(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.zone"), V1);
        Path bad = Files.writeString(dir.resolve("bad.zone"), V1 + "broken. IN A not-an-address\n");
        Result r = run("zone", "diff", a.toString(), bad.toString());
        assertEquals(2, r.exit());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains("bad.zone") && r.err().contains(":8:") && r.err().contains("Invalid address"), r.err());
    }
}
