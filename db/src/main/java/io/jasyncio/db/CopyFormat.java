package io.jasyncio.db;

/** The data format of a {@code COPY} (PostgreSQL's {@code FORMAT} option). */
public enum CopyFormat {
    /** Tab-separated text, {@code \N} for NULL (PostgreSQL's default). */
    TEXT("(FORMAT text)"),
    /** Comma-separated values without a header. */
    CSV("(FORMAT csv)"),
    /** Comma-separated values with a header line. */
    CSV_HEADER("(FORMAT csv, HEADER true)"),
    /** PostgreSQL's binary COPY format. */
    BINARY("(FORMAT binary)");

    final String option;

    CopyFormat(String option) {
        this.option = option;
    }
}
