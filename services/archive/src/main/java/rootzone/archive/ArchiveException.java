package rootzone.archive;

/** An archive that cannot be read as a sequence of zone versions; nothing has been imported from it. */
public class ArchiveException extends Exception {

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
