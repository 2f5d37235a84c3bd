package io.carousel.tasks.forecast;

/**
 * Point-forecast accuracy over a set of forecasts (Hyndman &amp; Koehler (2006), "Another look at measures of forecast
 * accuracy", International Journal of Forecasting 22).
 *
 * @param mae   mean absolute error, in the series' units
 * @param rmse  root mean squared error, in the series' units
 * @param smape symmetric MAPE, percent: mean of 200 |f - a| / (|f| + |a|) (0 where both are 0)
 * @param mape  mean absolute percentage error, percent: mean of 100 |f - a| / |a| over actual values that are not 0
 *              (NaN when all are)
 * @param mase  mean absolute scaled error: absolute errors divided by the in-sample MAE of the seasonal-naive
 *              forecast; below 1 beats that forecast's in-sample accuracy
 * @param count forecast values scored
 */
public record ForecastScores(double mae, double rmse, double smape, double mape, double mase, long count) {

    /** Accumulates forecast values one at a time. */
    public static final class Accumulator {
        private long n;
        private long nonZero;
        private double absolute;
        private double squared;
        private double symmetric;
        private double percentage;
        private double scaled;

        /** One forecast value {@code f} of actual {@code a}; {@code scale} is its series' MASE scale. */
        public void add(double f, double a, double scale) {
            double e = Math.abs(f - a);
            n++;
            absolute += e;
            squared += e * e;
            double denominator = Math.abs(f) + Math.abs(a);
            symmetric += denominator == 0 ? 0 : 200 * e / denominator;
            if (a != 0) {
                nonZero++;
                percentage += 100 * e / Math.abs(a);
            }
            scaled += e / scale;
        }

        public ForecastScores scores() {
            return new ForecastScores(absolute / n, Math.sqrt(squared / n), symmetric / n,
                    nonZero == 0 ? Double.NaN : percentage / nonZero, scaled / n, n);
        }
    }

    /**
     * The MASE scale of a series: the mean absolute error of the seasonal-naive forecast one step ahead within
     * {@code inSample}, {@code mean |y[t] - y[t - season]|}.
     */
    public static double seasonalNaiveScale(double[] inSample, int season) {
        if (inSample.length <= season) {
            throw new IllegalArgumentException("the in-sample part needs more than " + season + " values");
        }
        double s = 0;
        for (int t = season; t < inSample.length; t++) {
            s += Math.abs(inSample[t] - inSample[t - season]);
        }
        return s / (inSample.length - season);
    }

    /** Scores of {@code forecasts} against {@code actuals}, both {@code [value]}, with one MASE scale. */
    public static ForecastScores of(double[] forecasts, double[] actuals, double scale) {
        Accumulator acc = new Accumulator();
        for (int i = 0; i < forecasts.length; i++) {
            acc.add(forecasts[i], actuals[i], scale);
        }
        return acc.scores();
    }
}
