package rootzone.zone;

/** A zone that cannot be used, with the line of the master file where that was found (0: unknown). */
public class ZoneException extends Exception {

    private final int line;

    public ZoneException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
