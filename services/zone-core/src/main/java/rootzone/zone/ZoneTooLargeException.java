package rootzone.zone;

/** A zone file beyond one of its {@link ZoneLimits}: refused before it is held (or expanded) whole. */
public final class ZoneTooLargeException extends ZoneException {

    public ZoneTooLargeException(String message, int line) {
        super(message, line, null);
    }
}
