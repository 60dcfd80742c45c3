package rootzone.auditor.index;

/**
 * The log contradicts itself at one version: the delta does not fit the version before it, or a count
 * or digest it states is not what its records give. The index keeps everything before that version.
 */
public class InconsistentLogException extends Exception {

    private final long serial;

    public InconsistentLogException(long serial, String message) {
        super("serial " + serial + ": " + message);
        this.serial = serial;
    }

    public long serial() {
        return serial;
    }
}
