package rootzone.cli;

import picocli.CommandLine;

/** Entry point of the `rootzone` command (run through the ./rootzone launcher at the repo root). */
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new RootzoneCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("rootzone: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 2;
        });
        return cli.execute(args);
    }

    private Main() {}
}
