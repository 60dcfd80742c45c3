package rootzone.publisher.xfr;

/** A zone transfer or SOA probe that failed: network, refused, bad TSIG or an inconsistent answer. */
public class TransferException extends Exception {

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransferException(String message) {
        super(message);
    }
}
