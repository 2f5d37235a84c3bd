package io.carousel.toolkit.cli;

import io.carousel.toolkit.Backends;
import io.carousel.toolkit.sweep.Sweep;
import io.carousel.toolkit.sweep.SweepPlan;
import io.carousel.toolkit.sweep.SweepReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep CONFIG}: every point of the config's sweep grid, times its trials, on this machine. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every point of a config's sweep: grid, times its trials; again to resume.")
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "A config with a sweep: section.")
    Path config;

    @Option(names = "--parallel", paramLabel = "P", defaultValue = "1",
            description = "Runs at a time, each on its config's threads (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the runs and sweep.csv / sweep.md / sweep.png go (default: runs/sweeps/<name>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel must be >= 1");
        }
        PrintWriter w = spec.commandLine().getOut();
        SweepPlan plan = SweepPlan.of(config);
        Path dir = out != null ? out : Path.of("runs", "sweeps", plan.name());
        w.println(Backends.describe(1));
        w.printf(Locale.ROOT, "%s = %d runs, %d at a time, into %s%n", plan.shape(), plan.runs().size(), parallel,
                dir);
        w.flush();
        AtomicInteger done = new AtomicInteger();
        Sweep.run(plan, dir, parallel, r -> {
            synchronized (w) {
                w.printf(Locale.ROOT, "[%d/%d] point %d (%s) seed %d: %s%s after %,d sequences%n",
                        done.incrementAndGet(), plan.runs().size(), r.run().point() + 1, plan.label(r.run().point()),
                        r.run().seed(), r.summary().solved() ? "solved" : "not solved", r.kept() ? " (kept)" : "",
                        r.summary().sequences());
                w.flush();
            }
        });
        w.println("report: " + dir.resolve(SweepReport.MARKDOWN));
        return Main.OK;
    }
}
