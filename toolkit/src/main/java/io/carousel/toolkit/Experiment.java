package io.carousel.toolkit;

import io.carousel.tasks.Task;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.SeriesSpec;
import io.carousel.toolkit.eval.Evaluator;
import io.carousel.toolkit.eval.TestResult;
import io.carousel.toolkit.model.NetworkFactory;
import io.carousel.toolkit.report.LossPlot;
import io.carousel.toolkit.report.MetricsCsv;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.report.RunReport;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.Checkpoints;
import io.carousel.toolkit.train.Seeds;
import io.carousel.toolkit.train.Trainer;
import io.carousel.toolkit.train.TrainingMonitor;
import io.carousel.toolkit.train.TrainingOutcome;
import io.carousel.toolkit.train.TrainingState;
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
        if (config.task() instanceof SeriesSpec) {
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
            outcome = trainer(config, dir, monitors, metrics).train(net, task);
        }
        return finish(config, dir, task, net, outcome, start, 0);
    }

    /**
     * Continues a run that was killed (or diverged) from its last checkpoint, in its own directory, appending to its
     * metrics. {@code overrides} may change training keys (a lower learning rate after a divergence, say), nothing
     * else.
     */
    public static Result resume(RunDirectory dir, List<String> overrides, List<TrainingMonitor> monitors)
            throws IOException, ConfigException {
        long start = System.nanoTime();
        if (!Files.isRegularFile(dir.config())) {
            throw new BadInputException(dir.path() + ": not a run directory (it has no config.yaml)");
        }
        ExperimentConfig original = ConfigLoader.load(dir.config());
        if (original.task() instanceof SeriesSpec) {
            throw new BadInputException(dir.path() + ": a forecasting run is not checkpointed (its models train in "
                    + "seconds to minutes); run its config again");
        }
        ExperimentConfig config = ConfigLoader.load(dir.config(), overrides);
        if (!config.withTraining(original.training()).equals(original)) {
            throw new BadInputException(dir.path() + ": resume may change training keys only; the task, model, "
                    + "seed and backend must stay as they were");
        }
        if (Files.isRegularFile(dir.summary()) && !Summary.read(dir.summary()).stopReason()
                .equals(TrainingOutcome.StopReason.DIVERGED.name().toLowerCase(java.util.Locale.ROOT))) {
            throw new BadInputException(dir.path() + ": the run has finished; there is nothing to resume");
        }
        Path latest = checkpoints(dir, config).latest().orElseThrow(() -> new BadInputException(dir.path()
                + ": no checkpoint to resume from (the run stopped before its first, after "
                + config.training().checkpointEvery() + " sequences)"));
        Backends.require(config.backend());
        Backends.setThreads(config.threads());
        TrainingState.Loaded loaded = TrainingState.read(latest);
        MultiLayerNetwork net = loaded.network();
        if (config.training().optimizer().learningRate() != original.training().optimizer().learningRate()) {
            net.setLearningRate(config.training().optimizer().learningRate());
        }
        if (!overrides.isEmpty()) {
            Files.move(dir.config(), RunDirectory.freeName(dir.path(), "config-before-resume", ".yaml"));
            Files.writeString(dir.config(), ConfigLoader.toYaml(config));
        }
        Task task = config.task().create(config.seed());
        TrainingOutcome outcome;
        try (MetricsCsv metrics = MetricsCsv.resume(dir.metrics(), loaded.state().sequences())) {
            outcome = trainer(config, dir, monitors, metrics).resume(net, task, loaded.state());
        }
        // The run's wall time includes its sessions before the checkpoint, as its training time does.
        return finish(config, dir, task, net, outcome, start, loaded.state().secondsBefore());
    }

    private static Checkpoints checkpoints(RunDirectory dir, ExperimentConfig config) {
        return new Checkpoints(dir.path().resolve("checkpoints"), config.training().keepCheckpoints());
    }

    private static Trainer trainer(ExperimentConfig config, RunDirectory dir, List<TrainingMonitor> monitors,
                                   MetricsCsv metrics) {
        List<TrainingMonitor> all = new ArrayList<>(monitors);
        all.add(0, metrics);
        Trainer trainer = new Trainer(config.training(), config.seed(), all);
        if (config.training().checkpointEvery() > 0) {
            trainer.checkpointingTo(checkpoints(dir, config), config.training().checkpointEvery());
        }
        return trainer;
    }

    /**
     * Tests the trained network and writes the rest of the run directory. {@code secondsBefore}: the time the run
     * spent before this process's {@code start} (a resumed run's earlier sessions).
     */
    private static Result finish(ExperimentConfig config, RunDirectory dir, Task task, MultiLayerNetwork net,
                                 TrainingOutcome outcome, long start, double secondsBefore) throws IOException {
        boolean diverged = outcome.stopReason() == TrainingOutcome.StopReason.DIVERGED;
        TestResult test = diverged ? new TestResult(0, 0, Double.NaN) : Evaluator.test(net, task,
                config.training().testSequences(), Seeds.derive(config.seed(), Seeds.TEST, 0));
        if (!diverged) {
            ModelSerializer.writeModel(net, dir.model().toFile(), true);
        }
        Summary summary = new Summary(config.name(), task.name(), Backends.current().name().toLowerCase(),
                config.threads(), config.seed(), outcome.sequences(), outcome.iterations(), outcome.solved(),
                outcome.stopReason().name().toLowerCase(), secondsBefore + (System.nanoTime() - start) / 1e9,
                outcome.wallSeconds(),
                outcome.sequencesPerSecond(), net.numParams(), outcome.milestones(), Summary.Test.of(test));
        String title = config.name().equals(task.name()) ? task.name() : config.name() + " (" + task.name() + ")";
        LossPlot.write(dir.lossPlot(), title, outcome.history());
        RunReport.write(dir.report(), summary, outcome.history());
        summary.write(dir.summary());
        return new Result(dir, summary, outcome, test, net);
    }
}
