package io.carousel.tasks.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A series cut up for forecasting by {@link ForecastSettings}: which steps train, validate and test each model of a
 * backtest, the windows the network sees, and the way from the network's outputs back to forecasts.
 *
 * <p>A window with origin {@code o} has as inputs the steps {@code o - lookback + 1 .. o} of every column
 * (transformed targets, then covariates, scaled) and as targets the transformed, scaled targets of the steps
 * {@code o + 1 .. o + horizon}, laid out step by step: output {@code h * targets + j} is target {@code j} at
 * {@code o + 1 + h}.
 *
 * <p>Nothing fitted ever sees a step at or after the training part's end: the scaler is fitted on the training part,
 * training windows end inside it, validation windows end before the fold, and each forecast sees only actual values
 * up to its origin.
 */
public final class ForecastProblem {

    private final Series series;
    private final ForecastSettings settings;
    /** The network's view of each column, unscaled: transformed targets, then covariates as they are. */
    private final double[][] transformed;
    private final int first;

    /** A series to backtest on: it must be long enough for training, validation and the test period. */
    public ForecastProblem(Series series, ForecastSettings settings) {
        this(series, settings, true);
    }

    /**
     * A series to forecast beyond its end with a model already trained: it needs only enough steps for one window.
     */
    public static ForecastProblem beyond(Series series, ForecastSettings settings) {
        return new ForecastProblem(series, settings, false);
    }

    private ForecastProblem(Series series, ForecastSettings settings, boolean backtest) {
        this.series = series;
        this.settings = settings;
        SeriesTransform transform = settings.transform();
        if (transform.log()) {
            for (int j = 0; j < series.targets(); j++) {
                for (int t = 0; t < series.length(); t++) {
                    if (series.values()[j][t] <= 0) {
                        throw new DataException(series.source(), series.lines()[t], series.columns().get(j),
                                "the log transform needs values > 0, got " + series.values()[j][t]);
                    }
                }
            }
        }
        this.first = transform.undefined();
        int needed = first + settings.lookback()
                + (backtest ? settings.horizon() + settings.validation() + settings.test() : 0);
        if (series.length() < needed && !backtest) {
            throw new DataException(series.source(), series.lines()[series.length() - 1], null, String.format(
                    Locale.ROOT, "too few rows: %d, but a forecast needs lookback %d%s = %d", series.length(),
                    settings.lookback(), first > 0 ? " + " + first + " lost to differencing" : "", needed));
        }
        if (series.length() < needed) {
            throw new DataException(series.source(), series.lines()[series.length() - 1], null, String.format(
                    Locale.ROOT, "too few rows: %d, but lookback %d + horizon %d + validation %d + test %d%s need at "
                            + "least %d", series.length(), settings.lookback(), settings.horizon(),
                    settings.validation(), settings.test(),
                    first > 0 ? " + " + first + " lost to differencing" : "", needed));
        }
        transformed = new double[series.columns().size()][];
        for (int c = 0; c < transformed.length; c++) {
            transformed[c] = c < series.targets() ? transform.forward(series.values()[c]) : series.column(c);
        }
    }

    public Series series() {
        return series;
    }

    public ForecastSettings settings() {
        return settings;
    }

    public int inputSize() {
        return series.columns().size();
    }

    public int outputSize() {
        return series.targets() * settings.horizon();
    }

    /** The first step of the test period. */
    public int testStart() {
        return series.length() - settings.test();
    }

    /** The first step of fold {@code f}; {@code foldStart(folds)} is the series' end. */
    public int foldStart(int f) {
        return testStart() + (int) ((long) f * settings.test() / settings.folds());
    }

    /** The end (exclusive) of model {@code m}'s training part; its validation part follows, up to its fold. */
    public int trainingEnd(int m) {
        return foldStart(m) - settings.validation();
    }

    /** The forecast origins model {@code m} forecasts from: its fold's, or every fold's when rolling one model. */
    public List<Integer> testOrigins(int m) {
        int from = foldStart(m) - 1;
        int to = settings.backtest() == ForecastSettings.Backtest.ROLL ? series.length() - 1 : foldStart(m + 1) - 1;
        List<Integer> origins = new ArrayList<>();
        for (int o = from; o < to && o + settings.horizon() < series.length(); o++) {
            origins.add(o);
        }
        return origins;
    }

    /** Model {@code m}'s data: its scaler fitted on its training part, its training and validation windows. */
    public ForecastTask task(int m, String name) {
        int end = trainingEnd(m);
        DataNormalization scaler = fitScaler(end);
        int lastTrainingOrigin = end - settings.horizon() - 1;
        DataSet training = windows(range(first + settings.lookback() - 1, lastTrainingOrigin), scaler);
        DataSet validation = settings.validation() == 0 ? null
                : windows(range(end - 1, foldStart(m) - settings.horizon() - 1), scaler);
        return new ForecastTask(name, inputSize(), outputSize(), training, validation, scaler);
    }

    /** The scaler, fitted on the transformed columns over steps before {@code end}; null without scaling. */
    DataNormalization fitScaler(int end) {
        DataNormalization scaler = switch (settings.scaling()) {
            case STANDARDIZE -> new NormalizerStandardize();
            case MIN_MAX -> new NormalizerMinMaxScaler();
            case NONE -> null;
        };
        if (scaler != null) {
            double[][] rows = new double[end - first][inputSize()];
            for (int t = first; t < end; t++) {
                for (int c = 0; c < inputSize(); c++) {
                    rows[t - first][c] = transformed[c][t];
                }
            }
            // In FLOAT, as the windows and the network's outputs are, so that its statistics apply without a cast.
            scaler.fit(new DataSet(Nd4j.create(rows).castTo(DataType.FLOAT), null));
        }
        return scaler;
    }

    /** Windows with the given origins, scaled by {@code scaler}: features and (where they exist) targets. */
    public DataSet windows(List<Integer> origins, DataNormalization scaler) {
        int lookback = settings.lookback();
        int horizon = settings.horizon();
        int k = series.targets();
        INDArray features = Nd4j.create(DataType.FLOAT, origins.size(), inputSize(), lookback);
        INDArray labels = Nd4j.create(DataType.FLOAT, origins.size(), outputSize());
        for (int i = 0; i < origins.size(); i++) {
            int o = origins.get(i);
            for (int c = 0; c < inputSize(); c++) {
                for (int s = 0; s < lookback; s++) {
                    features.putScalar(new long[] {i, c, s}, transformed[c][o - lookback + 1 + s]);
                }
            }
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < k; j++) {
                    int t = o + 1 + h;
                    labels.putScalar(i, h * k + j, t < series.length() ? transformed[j][t] : 0);
                }
            }
        }
        if (scaler != null) {
            scaler.transform(features);
            labels = scaleTargets(labels, scaler, false);
        }
        return new DataSet(features, labels);
    }

    /**
     * Forecasts from {@code origins}: {@code network} maps scaled windows {@code [n, inputs, lookback]} to scaled
     * outputs {@code [n, targets * horizon]}; the result is {@code [origin][step][target]} in the series' own units.
     */
    public double[][][] forecast(List<Integer> origins, DataNormalization scaler, UnaryOperator<INDArray> network) {
        DataSet w = windows(origins, scaler);
        INDArray out = network.apply(w.getFeatures());
        if (scaler != null) {
            out = scaleTargets(out.castTo(DataType.FLOAT), scaler, true);
        }
        int horizon = settings.horizon();
        int k = series.targets();
        double[][][] forecasts = new double[origins.size()][horizon][k];
        for (int i = 0; i < origins.size(); i++) {
            int o = origins.get(i);
            for (int j = 0; j < k; j++) {
                double[] future = new double[horizon];
                for (int h = 0; h < horizon; h++) {
                    future[h] = out.getDouble(i, h * k + j);
                }
                double[] history = java.util.Arrays.copyOf(series.values()[j], o + 1);
                double[] values = settings.transform().invert(history, future);
                for (int h = 0; h < horizon; h++) {
                    forecasts[i][h][j] = values[h];
                }
            }
        }
        return forecasts;
    }

    /** Forecasts the {@code horizon} steps after the series' end, {@code [step][target]}: see {@link #forecast}. */
    public double[][] forecastBeyondEnd(DataNormalization scaler, UnaryOperator<INDArray> network) {
        return forecast(List.of(series.length() - 1), scaler, network)[0];
    }

    /** The actual values after {@code origin}: {@code [step][target]}. */
    public double[][] actual(int origin) {
        double[][] a = new double[settings.horizon()][series.targets()];
        for (int h = 0; h < settings.horizon(); h++) {
            for (int j = 0; j < series.targets(); j++) {
                a[h][j] = series.values()[j][origin + 1 + h];
            }
        }
        return a;
    }

    /**
     * Scales (or, with {@code revert}, unscales) targets laid out {@code [n, horizon * targets]} with the scaler's
     * statistics of the target columns.
     */
    private INDArray scaleTargets(INDArray targets, DataNormalization scaler, boolean revert) {
        int k = series.targets();
        int horizon = settings.horizon();
        long n = targets.size(0);
        // Lay the targets out as rows of all columns (covariates zero) so the scaler's own per-column maths applies.
        INDArray rows = Nd4j.zeros(DataType.FLOAT, n * horizon, inputSize());
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < k; j++) {
                    rows.putScalar(i * horizon + h, j, targets.getDouble(i, h * k + j));
                }
            }
        }
        if (revert) {
            scaler.revertFeatures(rows);
        } else {
            scaler.transform(rows);
        }
        INDArray out = Nd4j.create(DataType.FLOAT, n, (long) horizon * k);
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < k; j++) {
                    out.putScalar(i, h * k + j, rows.getDouble(i * horizon + h, j));
                }
            }
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int o = from; o <= to; o++) {
            r.add(o);
        }
        return r;
    }
}
