package io.carousel.tasks.forecast;

import java.util.List;

/**
 * A time series as read from a CSV file (or generated): the time stamps as written, then one or more value columns,
 * the first {@code targets} of which are forecast and the rest are covariates (inputs only).
 *
 * @param source     where it came from (a file name), for messages
 * @param timeColumn the name of the time column
 * @param times      each row's time stamp, as written
 * @param columns    the value columns' names, targets first
 * @param targets    how many of {@code columns} (the first ones) are forecast
 * @param values     {@code values[column][row]}
 * @param lines      the line of the file each row came from, for messages
 */
public record Series(String source, String timeColumn, List<String> times, List<String> columns, int targets,
                     double[][] values, int[] lines) {

    public Series {
        times = List.copyOf(times);
        columns = List.copyOf(columns);
        if (targets < 1 || targets > columns.size()) {
            throw new IllegalArgumentException("targets must be 1.." + columns.size() + ", got " + targets);
        }
        if (values.length != columns.size() || lines.length != times.size()) {
            throw new IllegalArgumentException("values must have one row per column and lines one entry per time");
        }
        for (double[] column : values) {
            if (column.length != times.size()) {
                throw new IllegalArgumentException("every column must have " + times.size() + " values");
            }
        }
    }

    public int length() {
        return times.size();
    }

    public int covariates() {
        return columns.size() - targets;
    }

    /** The values of column {@code c}, a copy. */
    public double[] column(int c) {
        return values[c].clone();
    }
}
