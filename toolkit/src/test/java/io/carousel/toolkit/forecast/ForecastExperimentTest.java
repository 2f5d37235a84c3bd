package io.carousel.toolkit.forecast;

import static io.carousel.toolkit.ProjectPaths.configs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.forecast.Backtest;
import io.carousel.tasks.forecast.Baseline;
import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short forecasting run on the airline series through the library, backtested with two refitted folds: it learns
 * (beats the mean baseline), writes its run directory, and its saved model forecasts again after loading.
 */
class ForecastExperimentTest {

    @TempDir
    static Path tmp;

    static ForecastExperiment.Result result;


    @BeforeAll
    static void run() throws Exception {
        ExperimentConfig c = ConfigLoader.load(configs().resolve("forecast-airline.yaml"), List.of(
                "task.backtest=refit", "task.folds=2", "training.max_sequences=6000", "training.eval_every=500"));
        result = ForecastExperiment.run(c, tmp.resolve("runs"), List.of());
    }

    @Test
    void aShortRunBeatsTheMeanBaseline() {
        ForecastSummary s = result.summary();
        double lstm = s.lstm().overall().mase();
        double mean = s.scores().get(Baseline.MEAN.label()).overall().mase();
        assertTrue(lstm < mean / 2, "LSTM MASE " + lstm + " against the mean forecast's " + mean);
        assertEquals(List.of("lstm", "naive", "seasonal_naive", "drift", "mean"), List.copyOf(s.scores().keySet()));
        for (ForecastSummary.Scores sc : s.scores().values()) {
            assertEquals(6, sc.byStep().size());
            assertEquals(s.origins() * 6L, sc.overall().count());
        }
    }

    @Test
    void eachFoldIsForecastByAModelTrainedBeforeIt() {
        ForecastSummary s = result.summary();
        assertEquals(2, s.models().size());
        assertEquals("1957-12", s.models().get(0).trainedThrough());
        assertEquals("1958-12", s.models().get(1).trainedThrough());
        assertTrue(s.models().get(1).trainingWindows() > s.models().get(0).trainingWindows());
        // origins 1958-12 .. 1960-06: every month of the test period with 6 steps after it
        assertEquals(19, s.origins());
        assertEquals(List.of("1959-01", "1960-12"), s.testPeriod());
    }

    @Test
    void theRunDirectoryHoldsEverything() throws IOException {
        Path dir = result.directory().path();
        for (String f : List.of("config.yaml", "metrics.csv", "metrics-fold-1.csv", "summary.json", "model.zip",
                "forecast.png", "loss.png", "report.md")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        ForecastSummary read = ForecastSummary.read(dir.resolve("summary.json"));
        assertEquals(result.summary().lstm().overall().mase(), read.lstm().overall().mase());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| seasonal naive |"), report);
        assertTrue(report.contains("seasonal naive"), report);
    }

    @Test
    void theSavedModelForecastsAsInTheBacktest() throws Exception {
        // The history up to the last origin of the backtest (1960-06, row 138): the loaded model and its scaler
        // must forecast what the trained model forecast from there.
        List<String> lines = Files.readAllLines(ProjectPaths.shippedSeries("airline-passengers"));
        Path history = tmp.resolve("history.csv");
        Files.write(history, lines.subList(0, 1 + 138));
        Forecaster model = Forecaster.load(result.directory().path());
        Forecaster.Forecast f = model.forecast(history, 6);
        assertEquals(List.of("1960-07", "1960-08", "1960-09", "1960-10", "1960-11", "1960-12"), f.times());
        Backtest bt = result.backtest();
        int last = bt.origins().size() - 1;
        assertEquals(137, bt.origins().get(last));
        double[][][] backtested = bt.forecasts().get(Backtest.MODEL);
        for (int h = 0; h < 6; h++) {
            assertEquals(backtested[last][h][0], f.values()[h][0], 1e-3, "step " + (h + 1));
        }
    }
}
