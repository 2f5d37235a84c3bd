package io.carousel.tasks.forecast;

/**
 * The simple forecasts every model must beat (Hyndman &amp; Athanasopoulos, "Forecasting: Principles and Practice",
 * 3rd ed., section 5.2). Each sees only the history up to and including the forecast origin.
 */
public enum Baseline {
    /** The last value, for every step. */
    NAIVE,
    /** The value one season before each step (the last season repeated). */
    SEASONAL_NAIVE,
    /** The last value plus the average change per step over the whole history. */
    DRIFT,
    /** The mean of the whole history. */
    MEAN;

    /** The name used in reports and summary.json. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Forecasts {@code horizon} steps after {@code history} (its last value is the origin's). */
    public double[] forecast(double[] history, int horizon, int season) {
        int o = history.length - 1;
        double[] f = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            f[h - 1] = switch (this) {
                case NAIVE -> history[o];
                case SEASONAL_NAIVE -> history.length < season ? history[o]
                        : history[o + h - season * ((h - 1) / season + 1)];
                case DRIFT -> o == 0 ? history[o] : history[o] + h * (history[o] - history[0]) / o;
                case MEAN -> mean(history);
            };
        }
        return f;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
