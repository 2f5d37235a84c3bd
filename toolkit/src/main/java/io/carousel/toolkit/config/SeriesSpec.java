package io.carousel.toolkit.config;

import io.carousel.tasks.Task;
import io.carousel.tasks.forecast.ForecastProblem;
import io.carousel.tasks.forecast.ForecastSettings;
import io.carousel.tasks.forecast.Series;
import io.carousel.tasks.forecast.SeriesCsv;
import java.nio.file.Path;
import java.util.List;

/**
 * A forecasting task: a series, read or generated, and how to cut it into windows and backtest on it. Reading the
 * data waits until a run needs it, so that loading a config never reads a data file.
 */
public sealed interface SeriesSpec extends TaskSpec permits ForecastSpec, MackeyGlassSpec {

    /** The task's type name. */
    String type();

    ForecastSettings settings();

    /** The series to train and backtest on. */
    Series read();

    /** Input columns that are not forecast. */
    List<String> covariates();

    /**
     * The history a saved model forecasts beyond: {@code time}, {@code targets} and this task's covariates from
     * another CSV file.
     */
    default Series readInput(Path csv, String time, List<String> targets) {
        return SeriesCsv.read(csv, time, targets, covariates());
    }

    /** The series, cut up by {@link #settings()}. */
    default ForecastProblem problem() {
        return new ForecastProblem(read(), settings());
    }

    /** The data of the backtest's last model (the one a run saves). */
    @Override
    default Task create(long seed) {
        ForecastProblem p = problem();
        return p.task(p.settings().models() - 1, type());
    }

    @Override
    default Task.Labels labels() {
        return Task.Labels.LAST_STEP;
    }

    /** This spec with relative file paths resolved against {@code dir} (the config file's directory). */
    default SeriesSpec resolvedAgainst(Path dir) {
        return this;
    }

    /** {@code scaling:}. */
    enum Scaling {
        @com.fasterxml.jackson.annotation.JsonProperty("standardize") STANDARDIZE,
        @com.fasterxml.jackson.annotation.JsonProperty("min_max") MIN_MAX,
        @com.fasterxml.jackson.annotation.JsonProperty("none") NONE;

        ForecastSettings.Scaling toSettings() {
            return ForecastSettings.Scaling.valueOf(name());
        }
    }

    /** {@code backtest:}. */
    enum Backtest {
        @com.fasterxml.jackson.annotation.JsonProperty("refit") REFIT,
        @com.fasterxml.jackson.annotation.JsonProperty("roll") ROLL;

        ForecastSettings.Backtest toSettings() {
            return ForecastSettings.Backtest.valueOf(name());
        }
    }

    /** Checks the windowing keys shared by every forecasting task, naming the key at fault. */
    static void checkWindows(int lookback, int horizon, int season, int validation, int test, int folds) {
        Check.inRange("lookback", lookback, 1, 100_000);
        Check.inRange("horizon", horizon, 1, 10_000);
        Check.inRange("season", season, 1, 100_000);
        Check.inRange("validation", validation, 0, 10_000_000);
        Check.inRange("test", test, 1, 10_000_000);
        Check.inRange("folds", folds, 1, 1000);
        if (validation > 0 && validation < horizon) {
            throw new InvalidValueException("validation", "must be 0 or at least horizon (" + horizon + ") steps, so "
                    + "that one window's targets fit in it, got " + validation);
        }
        if (test / folds < horizon) {
            throw new InvalidValueException("test", "must give each of the " + folds + " folds at least horizon ("
                    + horizon + ") steps, got " + test);
        }
    }
}
