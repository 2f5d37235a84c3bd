package io.carousel.toolkit.config;

import io.carousel.tasks.forecast.ForecastSettings;
import io.carousel.tasks.forecast.Series;
import io.carousel.tasks.forecast.SeriesCsv;
import io.carousel.tasks.forecast.SeriesTransform;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code type: forecast}: forecast columns of a CSV file (or of a series shipped with the toolkit), backtested
 * against naive baselines.
 *
 * @param series             a shipped series ({@link SeriesCsv#BUILT_IN}); or
 * @param file               a CSV file with a header line, relative to the config file
 * @param time               the time column (default: the first)
 * @param targets            the columns to forecast (default: all but the time and the covariates)
 * @param covariates         further input columns, not forecast
 * @param lookback           steps of history each forecast sees
 * @param horizon            steps forecast at once
 * @param season             season length: seasonal naive, MASE, seasonal differencing (1 = not seasonal)
 * @param log                forecast the log of the targets
 * @param seasonalDifference forecast the change from one season before
 * @param difference         forecast the change from the step before (after any seasonal difference)
 * @param scaling            standardize, min_max or none, fitted on the training part only
 * @param validation         steps before each fold that judge early stopping
 * @param test               steps at the end that are forecast in the backtest
 * @param folds              folds of the test period
 * @param backtest           refit (a model per fold, expanding window) or roll (one model, rolled forward)
 */
@Describe("forecast a CSV time series, backtested against naive baselines; params series or file, time, targets, "
        + "covariates, lookback, horizon, season, log, seasonal_difference, difference, scaling, validation, test, "
        + "folds, backtest")
public record ForecastSpec(String series, String file, String time, List<String> targets, List<String> covariates,
                           int lookback, int horizon, int season, boolean log, boolean seasonalDifference,
                           boolean difference, Scaling scaling, int validation, int test, int folds,
                           Backtest backtest) implements SeriesSpec {

    public ForecastSpec {
        if ((series == null) == (file == null)) {
            throw new InvalidValueException(series == null ? "file" : "series", "give either series (one of "
                    + String.join(", ", SeriesCsv.BUILT_IN) + ") or file (a CSV path), not "
                    + (series == null ? "neither" : "both"));
        }
        if (series != null && !SeriesCsv.BUILT_IN.contains(series)) {
            throw new InvalidValueException("series", "no shipped series '" + series + "'"
                    + Suggest.closest(series, SeriesCsv.BUILT_IN).map(s -> " (did you mean " + s + "?)").orElse("")
                    + " (allowed: " + String.join(", ", SeriesCsv.BUILT_IN) + ")");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
        covariates = Check.required("covariates", covariates);
        covariates = List.copyOf(covariates);
        for (String c : covariates) {
            if (targets.contains(c)) {
                throw new InvalidValueException("covariates", "'" + c + "' is also a target");
            }
        }
        Check.required("scaling", scaling);
        Check.required("backtest", backtest);
        SeriesSpec.checkWindows(lookback, horizon, season, validation, test, folds);
        if (seasonalDifference && season < 2) {
            throw new InvalidValueException("seasonal_difference", "needs a season of 2 or more steps, got season "
                    + season);
        }
    }

    @Override
    public String type() {
        return "forecast";
    }

    @Override
    public ForecastSettings settings() {
        return new ForecastSettings(lookback, horizon, season,
                new SeriesTransform(log, seasonalDifference ? season : 0, difference), scaling.toSettings(),
                validation, test, folds, backtest.toSettings());
    }

    @Override
    public Series read() {
        return series != null ? SeriesCsv.builtIn(series, time, targets, covariates)
                : SeriesCsv.read(Path.of(file), time, targets, covariates);
    }

    @Override
    public SeriesSpec resolvedAgainst(Path dir) {
        if (file == null || Path.of(file).isAbsolute()) {
            return this;
        }
        return new ForecastSpec(null, dir.resolve(file).toAbsolutePath().normalize().toString(), time, targets,
                covariates, lookback, horizon, season, log, seasonalDifference, difference, scaling, validation, test,
                folds, backtest);
    }
}
