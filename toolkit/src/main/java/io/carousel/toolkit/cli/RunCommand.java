package io.carousel.toolkit.cli;

import io.carousel.toolkit.Backends;
import io.carousel.toolkit.Experiment;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.ProgressMonitor;
import io.carousel.toolkit.train.TrainingOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run CONFIG}: train and test one experiment into a new run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train and test one experiment; results go to a new directory under --runs-dir.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "The experiment's YAML config, e.g. configs/adding.yaml.")
    Path config;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs",
            description = "Where the run directory is created (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. --set training.max_sequences=5000 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--progress", negatable = true, description = "Draw a progress bar (default: when on a terminal).")
    Boolean progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ExperimentConfig cfg = ConfigLoader.load(config, overrides);
        out.println(Backends.describe(cfg.threads()));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        ProgressMonitor monitor = progress == null ? ProgressMonitor.forConsole(err) : new ProgressMonitor(err, progress);
        Experiment.Result result = Experiment.run(cfg, runsDir, List.of(monitor));
        Summary s = result.summary();
        out.printf(Locale.ROOT, "%s after %,d training sequences (%.1f s, %.0f sequences/s)%n",
                s.solved() ? "solved" : "not solved (" + s.stopReason().replace('_', ' ') + ")", s.sequences(),
                s.trainSeconds(),
                s.trainSequencesPerSecond());
        out.printf(Locale.ROOT, "test: %d wrong of %,d fresh sequences, MSE %.3g%n", s.test().wrong(),
                s.test().sequences(), s.test().mse());
        out.println("results: " + result.directory().path());
        return result.training().stopReason() == TrainingOutcome.StopReason.DIVERGED ? Main.FAILED : Main.OK;
    }
}
