package io.carousel.toolkit.cli;

import io.carousel.toolkit.Backends;
import io.carousel.toolkit.Experiment;
import io.carousel.toolkit.Trials;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.SeriesSpec;
import io.carousel.toolkit.forecast.ForecastExperiment;
import io.carousel.toolkit.forecast.ForecastSummary;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.ProgressMonitor;
import io.carousel.toolkit.train.TrainingOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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

    @Option(names = "--trials", paramLabel = "N", defaultValue = "1",
            description = "Run N trials with seeds seed, seed+1, ... and summarise them (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--parallel", paramLabel = "P", defaultValue = "1",
            description = "Run P trials at a time, each on the config's threads (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ExperimentConfig cfg = ConfigLoader.load(config, overrides);
        out.println(Backends.describe(cfg.threads()));
        out.flush();
        if (cfg.sweep() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), config + " has a sweep: section; run it "
                    + "with `sweep " + config + "` (or remove the section to run one point)");
        }
        if (trials < 1 || parallel < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trials and --parallel must be >= 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressMonitor monitor = progress == null ? ProgressMonitor.forConsole(err) : new ProgressMonitor(err, progress);
        if (cfg.task() instanceof SeriesSpec) {
            if (trials > 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trials is for sequence tasks; a "
                        + "forecasting run backtests one model (set seed to try another)");
            }
            return runForecast(cfg, monitor, out);
        }
        if (trials > 1) {
            return runTrials(cfg, out);
        }
        Experiment.Result result = Experiment.run(cfg, runsDir, List.of(monitor));
        return printResult(out, err, result);
    }

    /** What a finished (or diverged) run prints; its exit code. */
    static int printResult(PrintWriter out, PrintWriter err, Experiment.Result result) {
        Summary s = result.summary();
        TrainingOutcome t = result.training();
        if (t.stopReason() == TrainingOutcome.StopReason.DIVERGED) {
            err.printf(Locale.ROOT, "diverged: the loss or a weight became NaN or infinite at iteration %,d (%,d "
                            + "sequences); %s%n", t.iterations(), t.sequences(), t.lastCheckpoint() == null
                            ? "no checkpoint was written before it"
                            : "the last good checkpoint is " + t.lastCheckpoint() + "; continue from it with `resume "
                            + result.directory().path() + " --set training.optimizer.learning_rate=...`");
            err.flush();
            out.println("results: " + result.directory().path());
            return Main.FAILED;
        }
        out.printf(Locale.ROOT, "%s after %,d training sequences (%.1f s, %.0f sequences/s)%n",
                s.solved() ? "solved" : "not solved (" + s.stopReason().replace('_', ' ') + ")", s.sequences(),
                s.trainSeconds(), s.trainSequencesPerSecond());
        s.milestoneLines().forEach(out::println);
        out.printf(Locale.ROOT, "test: %d wrong of %,d test sequences, MSE %.3g%n", s.test().wrong(),
                s.test().sequences(), s.test().mse());
        out.println("results: " + result.directory().path());
        return Main.OK;
    }

    private int runForecast(ExperimentConfig cfg, ProgressMonitor monitor, PrintWriter out) throws Exception {
        ForecastExperiment.Result result = ForecastExperiment.run(cfg, runsDir, List.of(monitor));
        ForecastSummary s = result.summary();
        for (ForecastSummary.Model m : s.models()) {
            out.printf(Locale.ROOT, "fold %d: trained on %,d windows through %s, %s after %,d windows presented "
                            + "(weights kept from %,d), %.1f s%n", m.fold(), m.trainingWindows(), m.trainedThrough(),
                    m.stopReason().replace('_', ' '), m.sequences(), m.kept(), m.trainSeconds());
        }
        out.printf(Locale.ROOT, "backtest: %d forecasts of %d steps over %s to %s%n", s.origins(), s.horizon(),
                s.testPeriod().get(0), s.testPeriod().get(1));
        s.scores().forEach((name, sc) -> out.printf(Locale.ROOT, "  %-15s MASE %.3f  sMAPE %6.2f%%  MAE %.4g%n",
                name.replace('_', ' '), sc.overall().mase(), sc.overall().smape(), sc.overall().mae()));
        out.println(s.beatsSeasonalNaive() ? "the LSTM beats seasonal naive on MASE"
                : "the LSTM does not beat seasonal naive on MASE");
        out.println("results: " + result.directory().path());
        return result.training().stream().anyMatch(t -> t.stopReason() == TrainingOutcome.StopReason.DIVERGED)
                ? Main.FAILED : Main.OK;
    }

    private int runTrials(ExperimentConfig cfg, PrintWriter out) throws Exception {
        out.printf(Locale.ROOT, "%d trials, %d at a time%n", trials, parallel);
        out.flush();
        return printTrials(out, Trials.run(cfg, runsDir, trials, parallel, trialPrinter(out)));
    }

    /** Prints each trial as it finishes. */
    static java.util.function.Consumer<Summary> trialPrinter(PrintWriter out) {
        return s -> {
            synchronized (out) {
                out.printf(Locale.ROOT, "seed %d: %s after %,d sequences, test %d wrong of %,d (%.0f sequences/s)%n",
                        s.seed(), s.solved() ? "solved" : "not solved (" + s.stopReason() + ")", s.sequences(),
                        s.test().wrong(), s.test().sequences(), s.trainSequencesPerSecond());
                out.flush();
            }
        };
    }

    /** What a set of trials prints at the end; its exit code. */
    static int printTrials(PrintWriter out, Trials.Result result) {
        Trials.Stats st = result.stats();
        out.printf(Locale.ROOT, "solved %d of %d; sequences until solved: mean %,.0f, median %,.0f, range %,d-%,d; "
                        + "wall %.1f s%n", st.solved(), st.trials(), st.meanSequences(), st.medianSequences(),
                st.minSequences(), st.maxSequences(), st.wallSeconds());
        out.println("results: " + result.directory());
        return Main.OK;
    }
}
