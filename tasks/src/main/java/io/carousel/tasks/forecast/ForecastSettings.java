package io.carousel.tasks.forecast;

/**
 * How a series is cut into windows, transformed, scaled, split and backtested.
 *
 * <p>The last {@code test} steps are the test period, split into {@code folds} consecutive folds. A model is trained
 * on the steps before a fold, less the last {@code validation} steps, which judge it for early stopping; it then
 * forecasts from every origin in the fold (each forecast sees the actual values up to its origin, as a forecaster
 * would on that day).
 *
 * @param lookback   steps of history each forecast sees
 * @param horizon    steps forecast at once (direct multi-step: one output per step ahead)
 * @param season     the season length, for the seasonal-naive baseline, MASE and seasonal differencing (1 = none)
 * @param transform  log / seasonal difference / difference, applied to the targets and inverted on forecasts
 * @param scaling    how the network's inputs and targets are scaled, fitted on the training part only
 * @param validation steps before each fold that judge early stopping (0 = none)
 * @param test       steps at the end forecast in the backtest
 * @param folds      folds of the test period
 * @param backtest   refit a model for every fold on everything before it, or fit one before the first fold and roll
 */
public record ForecastSettings(int lookback, int horizon, int season, SeriesTransform transform, Scaling scaling,
                               int validation, int test, int folds, Backtest backtest) {

    /** Scaling of the network's inputs and targets, by ND4J's normalizers. */
    public enum Scaling {
        /** Zero mean, unit variance per column ({@code NormalizerStandardize}). */
        STANDARDIZE,
        /** Into [0, 1] per column ({@code NormalizerMinMaxScaler}). */
        MIN_MAX,
        NONE
    }

    /** How a backtest uses its folds. */
    public enum Backtest {
        /** A new model per fold, trained on everything before the fold (an expanding window). */
        REFIT,
        /** One model trained before the first fold, rolled forward through all of them. */
        ROLL
    }

    public ForecastSettings {
        if (lookback < 1 || horizon < 1 || season < 1 || validation < 0 || test < 1 || folds < 1) {
            throw new IllegalArgumentException("lookback, horizon, season, test and folds must be >= 1 and "
                    + "validation >= 0");
        }
        if (test / folds < horizon) {
            throw new IllegalArgumentException("each of the " + folds + " folds of the " + test + " test steps must "
                    + "hold at least horizon = " + horizon + " steps");
        }
        if (validation > 0 && validation < horizon) {
            throw new IllegalArgumentException("validation must be 0 or >= horizon = " + horizon + ", got "
                    + validation);
        }
    }

    /** Models a backtest trains: one per fold when refitting, else one. */
    public int models() {
        return backtest == Backtest.REFIT ? folds : 1;
    }
}
