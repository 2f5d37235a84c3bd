package io.carousel.toolkit.reproduce;

import io.carousel.toolkit.Backends;
import io.carousel.toolkit.TrialRuns;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ConfigProblem;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs rows of the 1997 paper's tables, several trials each, into one output directory, and keeps the report
 * ({@link ReproductionReport}) up to date as trials finish.
 *
 * <p>Trials run in the order of {@link #order}: three of every row first. Each trial runs in
 * {@code OUT/<config name>/seed-<seed>.partial} and is renamed to {@code seed-<seed>} when its results are complete,
 * so a finished trial is exactly a directory without the suffix. Running again skips finished trials and resumes
 * unfinished ones from their last checkpoint: an interrupted suite loses at most a checkpoint interval of each trial
 * that was running.
 */
public final class Reproduction {

    /**
     * The rows {@code --quick} runs (when selected): cheap ones that a correct build solves in seconds, one trial
     * each, within {@link #QUICK_BUDGET} sequences. Enough to prove the whole path works; not a reproduction.
     */
    public static final Set<String> QUICK_CONFIGS = Set.of("1-reber-3x2", "6a-temporal-order");
    public static final long QUICK_BUDGET = 100_000;
    /** Trials per row run breadth first, before any row gets more: the fewest a long row is reported with. */
    public static final int FIRST_ROUNDS = 3;

    private Reproduction() {
    }

    /** A config to run {@code trials} times, and the paper's row it reproduces. */
    public record Row(Path file, ExperimentConfig config, PaperTable.Row paper, int trials) {
        public Row {
            if (trials < 1) {
                throw new IllegalArgumentException("trials must be >= 1");
            }
        }

        /** The seed of trial {@code index}: the config's seed plus the index, as {@code run --trials} does. */
        long seed(int index) {
            return config.seed() + index;
        }

        Path directory(Path out) {
            return out.resolve(config.name());
        }

        public Path trialDirectory(Path out, int index) {
            return directory(out).resolve("seed-" + seed(index));
        }
    }

    /** What happened to one trial: run now, or found finished from an earlier run. */
    public record TrialDone(Row row, int index, Summary summary, boolean resumed, int done, int total) {
    }

    /** Every finished trial of every row, in row and seed order, and the time this call took. */
    public record Result(Path directory, Map<Row, List<Summary>> trials, double wallSeconds) {
    }

    /** Notified (from worker threads, one at a time) as each trial is found or finishes. */
    @FunctionalInterface
    public interface Listener {
        void trialDone(TrialDone event);
    }

    /**
     * Runs every unfinished trial of {@code rows}, {@code parallel} at a time, rewriting the report in {@code out}
     * after each. Finished trials found in {@code out} are kept, not run again.
     */
    public static Result run(List<Row> rows, Path out, int parallel, Listener listener)
            throws IOException, InterruptedException {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be >= 1");
        }
        long start = System.nanoTime();
        Files.createDirectories(out);
        Progress progress = new Progress(rows, out, listener);
        List<Runnable> jobs = new ArrayList<>();
        for (Row row : rows) {
            Files.createDirectories(row.directory(out));
        }
        for (int[] trial : order(rows)) {
            Row row = rows.get(trial[0]);
            int index = trial[1];
            Optional<Summary> finished = finishedTrial(row, index, out);
            if (finished.isPresent()) {
                progress.done(row, index, finished.get(), true);
            } else {
                jobs.add(() -> progress.done(row, index, runTrial(row, index, out), false));
            }
        }
        progress.writeReport();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, jobs.size())));
        try {
            List<Future<?>> futures = jobs.stream().map(pool::submit).<Future<?>>map(f -> f).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        return new Result(out, progress.snapshot(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The order trials run in, as (row index, trial index) pairs: the first {@link #FIRST_ROUNDS} trials of every row
     * breadth first (trial 1 of every row, then trial 2 of every row, ...), so that a suite cut short has a few trials
     * of every row; then the remaining trials row by row, in the order given (cheap rows first finish first).
     */
    public static List<int[]> order(List<Row> rows) {
        List<int[]> order = new ArrayList<>();
        for (int i = 0; i < FIRST_ROUNDS; i++) {
            for (int r = 0; r < rows.size(); r++) {
                if (i < rows.get(r).trials()) {
                    order.add(new int[] {r, i});
                }
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int i = FIRST_ROUNDS; i < rows.get(r).trials(); i++) {
                order.add(new int[] {r, i});
            }
        }
        return order;
    }

    /**
     * Rewrites the report in {@code out} from the trials finished there, running none: after an interrupted run, or to
     * see where a run in another process stands.
     */
    public static Result report(List<Row> rows, Path out) throws IOException {
        long start = System.nanoTime();
        Map<Row, List<Summary>> trials = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Summary> done = new ArrayList<>();
            for (int i = 0; i < row.trials(); i++) {
                finishedTrial(row, i, out).ifPresent(done::add);
            }
            trials.put(row, done);
        }
        Files.createDirectories(out);
        ReproductionReport.write(out, rows, trials);
        return new Result(out, trials, (System.nanoTime() - start) / 1e9);
    }

    /** The YAML files among {@code paths}: files as given, directories' {@code *.yaml} in name order. */
    public static List<Path> configFiles(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /**
     * The rows of {@code files}, every config loaded and checked before anything runs: each must name the paper row
     * it reproduces, and names must be distinct (a row's trials go to {@code OUT/<name>/}). {@code trials} overrides
     * the paper's trial count when not null. All problems are reported together.
     */
    public static List<Row> rows(List<Path> files, Integer trials) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path f : files) {
            ExperimentConfig c;
            try {
                c = ConfigLoader.load(f);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                continue;
            }
            if (c.reproduces() == null) {
                problems.add(new ConfigProblem(f.toString(), "reproduces", "missing: reproduce runs configs that "
                        + "name the paper row they reproduce"));
                continue;
            }
            Path other = names.putIfAbsent(c.name(), f);
            if (other != null) {
                problems.add(new ConfigProblem(f.toString(), "name", "'" + c.name() + "' is also the name of "
                        + other + "; rows need distinct names (their trials go to OUT/<name>/)"));
                continue;
            }
            PaperTable.Row paper = PaperTable.get().row(c.reproduces()).orElseThrow();
            rows.add(new Row(f, c, paper, trials != null ? trials : paper.defaultTrials()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return rows;
    }

    /** The quick subset of {@code rows}: see {@link #QUICK_CONFIGS}. */
    public static List<Row> quick(List<Row> rows) {
        return rows.stream().filter(r -> QUICK_CONFIGS.contains(r.config().name()))
                .map(r -> new Row(r.file(), r.config().withTraining(r.config().training().withMaxSequences(
                        Math.min(QUICK_BUDGET, r.config().training().maxSequences()))), r.paper(), 1))
                .toList();
    }

    /** The config of trial {@code index} of {@code row}: the row's, with the trial's seed. */
    public static ExperimentConfig trialConfig(Row row, int index) {
        return row.config().withNameAndSeed(row.config().name(), row.seed(index));
    }

    /**
     * The summary of trial {@code index} of {@code row} if it finished in {@code out}. A finished trial counts only if
     * it ran the config asked for now: a changed config must not mix results.
     */
    private static Optional<Summary> finishedTrial(Row row, int index, Path out) throws IOException {
        return TrialRuns.finished(row.trialDirectory(out, index), trialConfig(row, index), row.file().toString());
    }

    private static Summary runTrial(Row row, int index, Path out) {
        Summary summary = TrialRuns.run(trialConfig(row, index), row.trialDirectory(out, index));
        Backends.releaseUnreachableMemory();
        return summary;
    }

    /** The finished trials so far; rewrites the report as each arrives. */
    private static final class Progress {
        private final List<Row> rows;
        private final Path out;
        private final Listener listener;
        private final Map<Row, Map<Integer, Summary>> finished = new LinkedHashMap<>();
        private final int total;
        private int done;

        Progress(List<Row> rows, Path out, Listener listener) {
            this.rows = rows;
            this.out = out;
            this.listener = listener;
            rows.forEach(r -> finished.put(r, new TreeMap<>()));
            this.total = rows.stream().mapToInt(Row::trials).sum();
        }

        synchronized void done(Row row, int index, Summary summary, boolean resumed) {
            finished.get(row).put(index, summary);
            done++;
            if (!resumed) {
                writeReport();
            }
            listener.trialDone(new TrialDone(row, index, summary, resumed, done, total));
        }

        synchronized Map<Row, List<Summary>> snapshot() {
            Map<Row, List<Summary>> copy = new LinkedHashMap<>();
            finished.forEach((row, byIndex) -> copy.put(row, List.copyOf(byIndex.values())));
            return copy;
        }

        synchronized void writeReport() {
            try {
                ReproductionReport.write(out, rows, snapshot());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
