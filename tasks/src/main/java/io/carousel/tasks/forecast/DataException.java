package io.carousel.tasks.forecast;

/**
 * Bad input data, located: {@code file:line:column: problem}, where the column is the CSV column's name (or the
 * line and column are left out when the problem is with the file as a whole).
 */
public final class DataException extends RuntimeException {

    public DataException(String source, int line, String column, String problem) {
        super(source + (line > 0 ? ":" + line : "") + (column != null ? ":" + column : "") + ": " + problem);
    }
}
