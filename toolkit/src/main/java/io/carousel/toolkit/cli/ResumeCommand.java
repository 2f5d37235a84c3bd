package io.carousel.toolkit.cli;

import io.carousel.toolkit.Experiment;
import io.carousel.toolkit.Trials;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.train.ProgressMonitor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resume RUN_DIR}: continue a killed or diverged run from its last checkpoint, in its own directory. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a killed or diverged run from its last checkpoint, in the same run directory; or "
                + "finish the trials of an interrupted `run --trials` (given its trials directory).")
final class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "The run's directory, e.g. runs/adding-20261122-101500.")
    Path runDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Change a training value, e.g. --set training.optimizer.learning_rate=0.0003 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--progress", negatable = true, description = "Draw a progress bar (default: when on a terminal).")
    Boolean progress;

    @Option(names = "--parallel", paramLabel = "P", defaultValue = "1",
            description = "For a directory of --trials: run P trials at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Trials.isTrialsDirectory(runDir)) {
            if (!overrides.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--set is for one run; resume the "
                        + "trials as they were, or resume a trial's own directory with --set");
            }
            return RunCommand.printTrials(out, Trials.resume(runDir, parallel, RunCommand.trialPrinter(out)));
        }
        ProgressMonitor monitor = progress == null ? ProgressMonitor.forConsole(err) : new ProgressMonitor(err, progress);
        Experiment.Result result = Experiment.resume(new RunDirectory(runDir), overrides, List.of(monitor));
        return RunCommand.printResult(out, err, result);
    }
}
