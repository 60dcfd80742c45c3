package rootzone.zone;

/**
 * How much a zone file may make the parser hold, checked while parsing and, for {@code $GENERATE},
 * before the directive is expanded, so a small file cannot exhaust memory (a 228-byte
 * {@code $GENERATE 1-100000000} would otherwise produce 10^8 records). The defaults fit a
 * 1,000,000-record zone with room to spare.
 *
 * @param maxBytes largest file, after gzip decompression
 * @param maxRecords most records in the zone, generated ones included
 * @param maxGenerate most records one {@code $GENERATE} directive may produce
 * @param maxGeneratedTotal most records all {@code $GENERATE} directives of a file may produce together
 */
public record ZoneLimits(long maxBytes, long maxRecords, long maxGenerate, long maxGeneratedTotal) {

    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_MAX_RECORDS = 1_500_000;
    public static final long DEFAULT_MAX_GENERATE = 1_000_000;
    public static final long DEFAULT_MAX_GENERATED_TOTAL = 1_000_000;

    public ZoneLimits {
        if (maxBytes < 1 || maxRecords < 1 || maxGenerate < 0 || maxGeneratedTotal < 0) {
            throw new IllegalArgumentException("zone limits must be positive: " + maxBytes + " bytes, " + maxRecords
                    + " records, " + maxGenerate + " per $GENERATE, " + maxGeneratedTotal + " generated in all");
        }
    }

    public static ZoneLimits defaults() {
        return new ZoneLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_GENERATE, DEFAULT_MAX_GENERATED_TOTAL);
    }
}
