package io.carousel.toolkit.config;

import io.carousel.tasks.forecast.ForecastSettings;
import io.carousel.tasks.forecast.MackeyGlass;
import io.carousel.tasks.forecast.Series;
import io.carousel.tasks.forecast.SeriesTransform;
import java.util.List;

/**
 * {@code type: mackey_glass}: forecast the chaotic Mackey-Glass series ({@link MackeyGlass}), a synthetic benchmark,
 * backtested like {@code forecast}.
 *
 * @param length samples generated (one per time unit)
 * @param tau    the delay; 17 gives the usual chaotic benchmark
 */
@Describe("forecast the chaotic Mackey-Glass series (tau = 17), backtested against naive baselines; params length, "
        + "tau, lookback, horizon, scaling, validation, test, folds, backtest")
public record MackeyGlassSpec(int length, int tau, int lookback, int horizon, Scaling scaling, int validation,
                              int test, int folds, Backtest backtest) implements SeriesSpec {

    public MackeyGlassSpec {
        Check.inRange("length", length, 10, 10_000_000);
        Check.inRange("tau", tau, 1, 1000);
        Check.required("scaling", scaling);
        Check.required("backtest", backtest);
        SeriesSpec.checkWindows(lookback, horizon, 1, validation, test, folds);
    }

    @Override
    public String type() {
        return "mackey_glass";
    }

    @Override
    public ForecastSettings settings() {
        return new ForecastSettings(lookback, horizon, 1, new SeriesTransform(false, 0, false), scaling.toSettings(),
                validation, test, folds, backtest.toSettings());
    }

    @Override
    public Series read() {
        return MackeyGlass.series(length, tau);
    }

    @Override
    public List<String> covariates() {
        return List.of();
    }
}
