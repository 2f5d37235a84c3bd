package io.carousel.toolkit.forecast;

import io.carousel.tasks.forecast.Backtest;
import io.carousel.tasks.forecast.Baseline;
import io.carousel.tasks.forecast.ForecastProblem;
import io.carousel.tasks.forecast.ForecastScores;
import io.carousel.tasks.forecast.ForecastSettings;
import io.carousel.tasks.forecast.ForecastTask;
import io.carousel.tasks.forecast.Series;
import io.carousel.toolkit.Backends;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.SeriesSpec;
import io.carousel.toolkit.model.NetworkFactory;
import io.carousel.toolkit.report.LossPlot;
import io.carousel.toolkit.report.MetricsCsv;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.train.Trainer;
import io.carousel.toolkit.train.TrainingMonitor;
import io.carousel.toolkit.train.TrainingOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/**
 * A forecasting experiment end to end: read the series, train a model per backtest fold (or one, rolled through the
 * folds) with early stopping on its validation steps, forecast from every test origin, score the forecasts beside
 * the naive baselines' from the same origins, and write the run directory: config.yaml, metrics.csv, model.zip
 * (with its scaler), summary.json, report.md, forecast.png and loss.png.
 */
public final class ForecastExperiment {

    private ForecastExperiment() {
    }

    /** What a forecasting run produced. */
    public record Result(RunDirectory directory, ForecastSummary summary, Backtest backtest,
                         MultiLayerNetwork network, List<TrainingOutcome> training) {
    }

    /** Runs {@code config} (its task a {@link SeriesSpec}) in a new directory under {@code runsDir}. */
    public static Result run(ExperimentConfig config, Path runsDir, List<TrainingMonitor> monitors)
            throws IOException {
        long start = System.nanoTime();
        Backends.require(config.backend());
        Backends.setThreads(config.threads());
        SeriesSpec spec = (SeriesSpec) config.task();
        // Read the data before creating anything, so that bad data leaves no run directory behind.
        ForecastProblem problem = spec.problem();
        ForecastSettings settings = problem.settings();
        Series series = problem.series();
        RunDirectory dir = RunDirectory.create(runsDir, config.name());
        Files.writeString(dir.config(), ConfigLoader.toYaml(config));

        List<Integer> origins = new ArrayList<>();
        List<double[][]> forecasts = new ArrayList<>();
        List<TrainingOutcome> outcomes = new ArrayList<>();
        List<ForecastSummary.Model> models = new ArrayList<>();
        MultiLayerNetwork net = null;
        DataNormalization scaler = null;
        for (int m = 0; m < settings.models(); m++) {
            ForecastTask task = problem.task(m, spec.type());
            net = NetworkFactory.create(config.model(), config.training(), task, config.seed());
            Path metricsFile = settings.models() == 1 || m == settings.models() - 1 ? dir.metrics()
                    : dir.path().resolve("metrics-fold-" + (m + 1) + ".csv");
            TrainingOutcome outcome;
            try (MetricsCsv metrics = new MetricsCsv(metricsFile)) {
                List<TrainingMonitor> all = new ArrayList<>(monitors);
                all.add(0, metrics);
                outcome = new Trainer(config.training(), config.seed(), all).train(net, task);
            }
            outcomes.add(outcome);
            models.add(new ForecastSummary.Model(m + 1, series.times().get(problem.trainingEnd(m) - 1),
                    task.trainingWindows(), outcome.sequences(), outcome.kept(),
                    outcome.stopReason().name().toLowerCase(Locale.ROOT), outcome.wallSeconds()));
            List<Integer> foldOrigins = problem.testOrigins(m);
            MultiLayerNetwork trained = net;
            double[][][] f = problem.forecast(foldOrigins, task.scaler(), x -> trained.output(x, false));
            origins.addAll(foldOrigins);
            forecasts.addAll(List.of(f));
            scaler = task.scaler();
        }
        ModelSerializer.writeModel(net, dir.model().toFile(), true);
        if (scaler != null) {
            ModelSerializer.addNormalizerToModel(dir.model().toFile(), scaler);
        }
        Backtest backtest = Backtest.of(problem, origins, forecasts.toArray(double[][][]::new));
        ForecastSummary summary = summarize(config, spec, problem, backtest, models, net.numParams(),
                (System.nanoTime() - start) / 1e9);
        TrainingOutcome last = outcomes.get(outcomes.size() - 1);
        LossPlot.write(dir.lossPlot(), config.name() + (settings.models() > 1 ? " (last fold)" : ""), last.history());
        ForecastPlot.write(dir.path().resolve("forecast.png"), config.name(), backtest);
        ForecastReport.write(dir.report(), summary, problem);
        summary.write(dir.summary());
        return new Result(dir, summary, backtest, net, outcomes);
    }

    private static ForecastSummary summarize(ExperimentConfig config, SeriesSpec spec, ForecastProblem problem,
                                             Backtest backtest, List<ForecastSummary.Model> models, long parameters,
                                             double wallSeconds) {
        Series s = problem.series();
        ForecastSettings settings = problem.settings();
        Map<String, ForecastScores> overall = backtest.overall();
        Map<String, List<ForecastScores>> byStep = backtest.byStep();
        Map<String, ForecastSummary.Scores> scores = new LinkedHashMap<>();
        overall.forEach((name, o) -> scores.put(name, new ForecastSummary.Scores(o, byStep.get(name))));
        boolean beats = overall.get(Backtest.MODEL).mase() < overall.get(Baseline.SEASONAL_NAIVE.label()).mase();
        return new ForecastSummary(config.name(), spec.type(), s.source(), s.timeColumn(),
                s.columns().subList(0, s.targets()), s.columns().subList(s.targets(), s.columns().size()),
                Backends.current().name().toLowerCase(Locale.ROOT), config.threads(), config.seed(), parameters,
                settings.lookback(), settings.horizon(), settings.season(),
                settings.backtest().name().toLowerCase(Locale.ROOT), settings.folds(),
                List.of(s.times().get(problem.testStart()), s.times().get(s.length() - 1)), backtest.origins().size(),
                models, scores, beats, wallSeconds);
    }
}
