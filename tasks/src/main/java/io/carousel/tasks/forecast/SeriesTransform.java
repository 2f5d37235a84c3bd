package io.carousel.tasks.forecast;

/**
 * What the network sees instead of a target series, and the way back: an optional log, then an optional seasonal
 * difference (lag {@code season}), then an optional first difference. The first {@link #undefined()} values of a
 * transformed series have no value (NaN).
 *
 * @param log         take the natural log first (every value must be positive)
 * @param seasonalLag difference at this lag (0 = no seasonal difference)
 * @param difference  then difference at lag 1
 */
public record SeriesTransform(boolean log, int seasonalLag, boolean difference) {

    public SeriesTransform {
        if (seasonalLag < 0) {
            throw new IllegalArgumentException("seasonalLag must be >= 0, got " + seasonalLag);
        }
    }

    /** Leading values of a transformed series that have no value. */
    public int undefined() {
        return seasonalLag + (difference ? 1 : 0);
    }

    /** The transformed series, NaN for its first {@link #undefined()} values. */
    public double[] forward(double[] y) {
        double[] a = logged(y);
        double[] b = seasonal(a);
        return difference ? differenced(b) : b;
    }

    /**
     * Turns {@code future}, transformed values of the steps after {@code history} (original values up to and
     * including the forecast origin), back into original values.
     */
    public double[] invert(double[] history, double[] future) {
        if (history.length <= undefined()) {
            throw new IllegalArgumentException("inverting needs more than " + undefined() + " values of history, got "
                    + history.length);
        }
        int o = history.length;
        int h = future.length;
        double[] a = new double[o + h];
        System.arraycopy(logged(history), 0, a, 0, o);
        double[] b = new double[o + h];
        System.arraycopy(seasonal(java.util.Arrays.copyOf(a, o)), 0, b, 0, o);
        for (int i = 0; i < h; i++) {
            int t = o + i;
            b[t] = difference ? future[i] + b[t - 1] : future[i];
            a[t] = seasonalLag > 0 ? b[t] + a[t - seasonalLag] : b[t];
        }
        double[] out = new double[h];
        for (int i = 0; i < h; i++) {
            out[i] = log ? Math.exp(a[o + i]) : a[o + i];
        }
        return out;
    }

    private double[] logged(double[] y) {
        double[] a = y.clone();
        if (log) {
            for (int t = 0; t < a.length; t++) {
                a[t] = Math.log(a[t]);
            }
        }
        return a;
    }

    private double[] seasonal(double[] a) {
        if (seasonalLag == 0) {
            return a;
        }
        double[] b = new double[a.length];
        for (int t = 0; t < a.length; t++) {
            b[t] = t < seasonalLag ? Double.NaN : a[t] - a[t - seasonalLag];
        }
        return b;
    }

    private static double[] differenced(double[] b) {
        double[] c = new double[b.length];
        for (int t = 0; t < b.length; t++) {
            c[t] = t == 0 ? Double.NaN : b[t] - b[t - 1];
        }
        return c;
    }
}
