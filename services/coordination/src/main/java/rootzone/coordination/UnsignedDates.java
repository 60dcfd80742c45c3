package rootzone.coordination;

/** The retired {@code ?at=} of a write, refused rather than ignored. */
final class UnsignedDates {

    /**
     * ?at= on a POST dated a step with an unsigned time before schema v2; the time of a step is now its
     * signed issuedAt (used as the log time in import mode), so the parameter is refused, not ignored.
     */
    static void refuse(String at) {
        if (at != null) {
            throw new IllegalArgumentException("?at= is no longer accepted: the step's time is its signed issuedAt "
                    + "(a service in import mode dates the step with it)");
        }
    }

    private UnsignedDates() {}
}
