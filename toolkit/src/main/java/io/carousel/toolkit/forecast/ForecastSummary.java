package io.carousel.toolkit.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carousel.tasks.forecast.ForecastScores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A forecasting run's {@code summary.json}: what was forecast, how it was backtested, how each model trained, and
 * the scores of the LSTM and of every baseline on the same forecasts.
 *
 * @param data        the series (a shipped series' or file's name)
 * @param time        its time column
 * @param targets     the columns forecast
 * @param covariates  further input columns
 * @param testPeriod  the first and last time stamps of the test period
 * @param origins     forecasts made in the backtest (one per origin, each {@code horizon} steps)
 * @param models      each model of the backtest: one, or one per fold when refitting
 * @param scores      by forecaster ("lstm", "naive", "seasonal_naive", "drift", "mean"): overall and per step ahead
 * @param beatsSeasonalNaive whether the LSTM's MASE is below the seasonal-naive forecast's
 */
public record ForecastSummary(String name, String task, String data, String time, List<String> targets,
                              List<String> covariates, String backend, int threads, long seed, long parameters,
                              int lookback, int horizon, int season, String backtest, int folds,
                              List<String> testPeriod, int origins, List<Model> models, Map<String, Scores> scores,
                              boolean beatsSeasonalNaive, double wallSeconds) {

    /**
     * One model of the backtest.
     *
     * @param fold            the fold it forecasts (1-based; with roll, 1 and it forecasts them all)
     * @param trainedThrough  the last time stamp of its training part (validation follows)
     * @param trainingWindows windows in its training part
     * @param sequences       training windows presented (with repetition)
     * @param kept            the windows presented when the kept weights were taken (the best validation MSE)
     * @param stopReason      early_stopped, budget or diverged
     */
    public record Model(int fold, String trainedThrough, int trainingWindows, long sequences, long kept,
                        String stopReason, double trainSeconds) {
    }

    /** A forecaster's scores over the whole backtest and per step ahead (index 0 is one step ahead). */
    public record Scores(ForecastScores overall, List<ForecastScores> byStep) {
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static ForecastSummary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ForecastSummary.class);
    }

    public Scores lstm() {
        return scores.get(io.carousel.tasks.forecast.Backtest.MODEL);
    }
}
