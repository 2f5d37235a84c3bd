package io.carousel.toolkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One config run with several seeds ({@code seed}, {@code seed + 1}, ...), {@code parallel} at a time, each trial in
 * its own run directory inside one trials directory, which also gets {@code trials.json} and {@code trials.md}: every
 * trial's summary and the statistics over them. An interrupted set of trials is finished by {@link #resume}.
 *
 * <p>ND4J's thread settings are per process, so parallel trials share the config's {@code threads} setting: each
 * trial runs on {@code threads} ND4J threads, {@code parallel * threads} in all. On small networks one thread per
 * trial and one trial per core is the fastest use of a machine.
 */
public final class Trials {

    private Trials() {
    }

    /** Statistics over the trials; sequence statistics over the solved trials only. */
    public record Stats(int trials, int solved, double successRate, double meanSequences, double medianSequences,
                        long minSequences, long maxSequences, double meanTestWrong, double meanTrainSequencesPerSecond,
                        double wallSeconds) {
    }

    /** Everything the trials produced: the directory, each trial's summary (in seed order) and the statistics. */
    public record Result(Path directory, List<Summary> summaries, Stats stats) {
    }

    /** The trials directory's record of what it runs: the config and how many trials. */
    static final String PLAN_CONFIG = "trials-config.yaml";
    static final String PLAN_COUNT = "trials-count.txt";

    public static Result run(ExperimentConfig config, Path runsDir, int trials, int parallel,
                             Consumer<Summary> onTrialDone) throws IOException, InterruptedException {
        if (trials < 1 || parallel < 1) {
            throw new IllegalArgumentException("trials and parallel must be >= 1");
        }
        Path dir = RunDirectory.create(runsDir, config.name() + "-trials").path();
        Files.writeString(dir.resolve(PLAN_CONFIG), ConfigLoader.toYaml(config));
        Files.writeString(dir.resolve(PLAN_COUNT), trials + "\n");
        return runIn(dir, config, trials, parallel, onTrialDone);
    }

    /** Whether {@code dir} is a trials directory made by {@link #run}. */
    public static boolean isTrialsDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(PLAN_CONFIG)) && Files.isRegularFile(dir.resolve(PLAN_COUNT));
    }

    /**
     * Finishes the trials of an interrupted {@link #run} in {@code dir}: finished trials are kept, interrupted ones
     * resume from their last checkpoint, and those that had none start again.
     */
    public static Result resume(Path dir, int parallel, Consumer<Summary> onTrialDone)
            throws IOException, InterruptedException, ConfigException {
        ExperimentConfig config = ConfigLoader.load(dir.resolve(PLAN_CONFIG));
        int trials = Integer.parseInt(Files.readString(dir.resolve(PLAN_COUNT)).strip());
        return runIn(dir, config, trials, parallel, onTrialDone);
    }

    private static Result runIn(Path dir, ExperimentConfig config, int trials, int parallel,
                                Consumer<Summary> onTrialDone) throws IOException, InterruptedException {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, trials));
        List<Future<Summary>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < trials; i++) {
                ExperimentConfig trial = config.withNameAndSeed(config.name() + "-seed" + (config.seed() + i),
                        config.seed() + i);
                futures.add(pool.submit(() -> {
                    Summary s = trial(dir, trial);
                    Backends.releaseUnreachableMemory();
                    onTrialDone.accept(s);
                    return s;
                }));
            }
            List<Summary> summaries = new ArrayList<>();
            for (Future<Summary> f : futures) {
                summaries.add(f.get());
            }
            Stats stats = stats(summaries, (System.nanoTime() - start) / 1e9);
            write(dir, summaries, stats);
            return new Result(dir, summaries, stats);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One trial: kept if it finished, resumed if it has a checkpoint, else run from the start. */
    private static Summary trial(Path dir, ExperimentConfig trial) throws IOException, ConfigException {
        Pattern own = Pattern.compile(Pattern.quote(trial.name()) + "-\\d{8}-\\d{6}(-\\d+)?");
        List<Path> earlier;
        try (Stream<Path> s = Files.list(dir)) {
            earlier = s.filter(p -> own.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        for (Path p : earlier) {
            RunDirectory run = new RunDirectory(p);
            if (Files.isRegularFile(run.summary())) {
                Summary done = Summary.read(run.summary());
                if (!done.stopReason().equals("diverged")) {
                    return done;
                }
            }
            if (new Checkpoints(p.resolve("checkpoints"), 1).latest().isPresent()) {
                return Experiment.resume(run, List.of(), List.of()).summary();
            }
        }
        return Experiment.run(trial, dir, List.of()).summary();
    }

    /** Statistics over {@code summaries}; {@code wallSeconds} is the time they took together. */
    public static Stats stats(List<Summary> summaries, double wallSeconds) {
        List<Long> solved = summaries.stream().filter(Summary::solved).map(Summary::sequences)
                .sorted(Comparator.naturalOrder()).toList();
        int n = solved.size();
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? solved.get(n / 2)
                : (solved.get(n / 2 - 1) + solved.get(n / 2)) / 2.0;
        return new Stats(summaries.size(), n, (double) n / summaries.size(),
                solved.stream().mapToLong(Long::longValue).average().orElse(Double.NaN), median,
                n == 0 ? 0 : solved.get(0), n == 0 ? 0 : solved.get(n - 1),
                summaries.stream().mapToInt(s -> s.test().wrong()).average().orElse(Double.NaN),
                summaries.stream().mapToDouble(Summary::trainSequencesPerSecond).average().orElse(Double.NaN),
                wallSeconds);
    }

    private static void write(Path dir, List<Summary> summaries, Stats stats) throws IOException {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("stats", stats);
        document.put("trials", summaries);
        json.writeValue(dir.resolve("trials.json").toFile(), document);
        StringBuilder md = new StringBuilder("# " + summaries.get(0).task() + ": " + stats.trials() + " trials\n\n");
        md.append(String.format(Locale.ROOT, "Solved %d of %d (%.0f%%). Sequences until solved: mean %,.0f, median "
                        + "%,.0f, range %,d-%,d. Mean test wrong: %.1f. Mean training throughput: %,.0f sequences/s. "
                        + "Wall time: %.1f s.%n%n", stats.solved(), stats.trials(), 100 * stats.successRate(),
                stats.meanSequences(), stats.medianSequences(), stats.minSequences(), stats.maxSequences(),
                stats.meanTestWrong(), stats.meanTrainSequencesPerSecond(), stats.wallSeconds()));
        md.append("| seed | solved | sequences | test wrong | test MSE | sequences/s |\n|---:|---|---:|---:|---:|---:|\n");
        for (Summary s : summaries) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %d of %,d | %.3g | %,.0f |%n", s.seed(),
                    s.solved() ? "yes" : "no (" + s.stopReason() + ")", s.sequences(), s.test().wrong(),
                    s.test().sequences(), s.test().mse(), s.trainSequencesPerSecond()));
        }
        Files.writeString(dir.resolve("trials.md"), md);
    }
}
