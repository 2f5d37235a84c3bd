package io.carousel.toolkit.sweep;

import io.carousel.toolkit.Backends;
import io.carousel.toolkit.TrialRuns;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link SweepPlan} on this machine, {@code parallel} runs at a time (each on its config's threads), into
 * {@code OUT/<point>/seed-<s>/}, keeping the report up to date as runs finish. Running it again keeps finished runs
 * and resumes interrupted ones from their checkpoints.
 */
public final class Sweep {

    private Sweep() {
    }

    /** A run finished: its plan entry, summary, and whether it had finished before (kept, not run). */
    public record RunDone(SweepPlan.Run run, Summary summary, boolean kept) {
    }

    /** Every run's summary, by point, in seed order. */
    public record Result(Path out, Map<Integer, List<Summary>> byPoint) {
    }

    public static Result run(SweepPlan plan, Path out, int parallel, Consumer<RunDone> listener)
            throws IOException, InterruptedException {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be >= 1");
        }
        Files.createDirectories(out);
        Summary[] summaries = new Summary[plan.runs().size()];
        List<Integer> toRun = new ArrayList<>();
        for (int i = 0; i < summaries.length; i++) {
            SweepPlan.Run run = plan.runs().get(i);
            Optional<Summary> finished = finished(run, out);
            if (finished.isPresent()) {
                summaries[i] = finished.get();
                listener.accept(new RunDone(run, finished.get(), true));
            } else {
                toRun.add(i);
            }
        }
        report(plan, out, summaries);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : toRun) {
                futures.add(pool.submit(() -> {
                    SweepPlan.Run run = plan.runs().get(i);
                    Summary s = execute(run, out);
                    synchronized (summaries) {
                        summaries[i] = s;
                        listener.accept(new RunDone(run, s, false));
                        try {
                            report(plan, out, summaries);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(out, byPoint(plan, summaries));
    }

    /** The summary of {@code run} if it finished in {@code out} with the same config. */
    public static Optional<Summary> finished(SweepPlan.Run run, Path out) throws IOException {
        try {
            return TrialRuns.finished(out.resolve(run.directory()), run.experiment(), "the sweep's config");
        } catch (ConfigException e) {
            throw new IllegalStateException("the plan's own config does not load: " + e.getMessage(), e);
        }
    }

    /** Runs {@code run} into {@code out} (resuming it if an interrupted sweep left a checkpoint): anywhere. */
    public static Summary execute(SweepPlan.Run run, Path out) {
        try {
            ExperimentConfig config = run.experiment();
            Summary s = TrialRuns.run(config, out.resolve(run.directory()));
            Backends.releaseUnreachableMemory();
            return s;
        } catch (ConfigException e) {
            throw new IllegalStateException("the plan's own config does not load: " + e.getMessage(), e);
        }
    }

    static Map<Integer, List<Summary>> byPoint(SweepPlan plan, Summary[] summaries) {
        Map<Integer, List<Summary>> byPoint = new TreeMap<>();
        for (int i = 0; i < summaries.length; i++) {
            if (summaries[i] != null) {
                byPoint.computeIfAbsent(plan.runs().get(i).point(), k -> new ArrayList<>()).add(summaries[i]);
            }
        }
        return byPoint;
    }

    private static void report(SweepPlan plan, Path out, Summary[] summaries) throws IOException {
        SweepReport.write(out, plan, byPoint(plan, summaries));
    }
}
