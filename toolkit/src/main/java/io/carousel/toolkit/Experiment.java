package io.carousel.toolkit;

import io.carousel.tasks.Task;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.eval.Evaluator;
import io.carousel.toolkit.eval.TestResult;
import io.carousel.toolkit.model.NetworkFactory;
import io.carousel.toolkit.report.LossPlot;
import io.carousel.toolkit.report.MetricsCsv;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.report.RunReport;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.Seeds;
import io.carousel.toolkit.train.Trainer;
import io.carousel.toolkit.train.TrainingMonitor;
import io.carousel.toolkit.train.TrainingOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * One experiment end to end, the same for the CLI, notebooks and tests: build the network, train it, test it on
 * fresh sequences, and write the run directory (config.yaml, metrics.csv, summary.json, model.zip, loss.png,
 * report.md).
 */
public final class Experiment {

    private Experiment() {
    }

    /** What a run produced. */
    public record Result(RunDirectory directory, Summary summary, TrainingOutcome training, TestResult test,
                         MultiLayerNetwork network) {
    }

    /**
     * Runs {@code config} in a new directory under {@code runsDir}; {@code monitors} watch training (a progress
     * display, say) besides the metrics file every run writes.
     */
    public static Result run(ExperimentConfig config, Path runsDir, List<TrainingMonitor> monitors)
            throws IOException {
        Backends.require(config.backend());
        return run(config, RunDirectory.create(runsDir, config.name()), monitors);
    }

    /** Runs {@code config} into {@code dir}, an existing empty directory. */
    public static Result run(ExperimentConfig config, RunDirectory dir, List<TrainingMonitor> monitors)
            throws IOException {
        if (config.task() instanceof io.carousel.toolkit.config.SeriesSpec) {
            throw new IllegalArgumentException("a forecasting task is backtested, not tested on fresh sequences: run "
                    + "it with ForecastExperiment.run");
        }
        long start = System.nanoTime();
        Backends.require(config.backend());
        Backends.setThreads(config.threads());
        Task task = config.task().create(config.seed());
        Files.writeString(dir.config(), ConfigLoader.toYaml(config));

        MultiLayerNetwork net = NetworkFactory.create(config.model(), config.training(), task, config.seed());
        TrainingOutcome outcome;
        try (MetricsCsv metrics = new MetricsCsv(dir.metrics())) {
            List<TrainingMonitor> all = new ArrayList<>(monitors);
            all.add(0, metrics);
            outcome = new Trainer(config.training(), config.seed(), all).train(net, task);
        }
        TestResult test = Evaluator.test(net, task, config.training().testSequences(),
                Seeds.derive(config.seed(), Seeds.TEST, 0));
        ModelSerializer.writeModel(net, dir.model().toFile(), true);

        Summary summary = new Summary(config.name(), task.name(), Backends.current().name().toLowerCase(),
                config.threads(), config.seed(), outcome.sequences(), outcome.iterations(), outcome.solved(),
                outcome.stopReason().name().toLowerCase(), (System.nanoTime() - start) / 1e9, outcome.wallSeconds(),
                outcome.sequencesPerSecond(), net.numParams(), outcome.milestones(), Summary.Test.of(test));
        String title = config.name().equals(task.name()) ? task.name() : config.name() + " (" + task.name() + ")";
        LossPlot.write(dir.lossPlot(), title, outcome.history());
        RunReport.write(dir.report(), summary, outcome.history());
        summary.write(dir.summary());
        return new Result(dir, summary, outcome, test, net);
    }
}
