package io.carousel.toolkit;

import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One trial of a set (a row of {@code reproduce}, a point of a sweep) in a directory of its own: it runs in
 * {@code <dir>.partial} and is renamed to {@code <dir>} when complete, so a finished trial is exactly a directory
 * without the suffix. Running a set again keeps finished trials (if they ran the same config) and resumes
 * unfinished ones from their last checkpoint.
 */
public final class TrialRuns {

    private static final String PARTIAL = ".partial";

    private TrialRuns() {
    }

    /**
     * The summary of the trial finished in {@code dir}, if any. It counts only if it ran {@code config}: a changed
     * config ({@code source} names it in the message) must not mix results.
     */
    public static Optional<Summary> finished(Path dir, ExperimentConfig config, String source) throws IOException {
        Path summary = dir.resolve("summary.json");
        if (!Files.exists(summary)) {
            return Optional.empty();
        }
        if (!ranConfig(dir, config)) {
            throw new IllegalStateException(source + " differs from the config its finished trial " + dir
                    + " ran with (see its config.yaml); to keep both, give this run another --out, or delete the "
                    + "trials of the old config");
        }
        return Optional.of(Summary.read(summary));
    }

    /**
     * Runs {@code config} into {@code dir} by way of {@code <dir>.partial}, resuming it from its last checkpoint when
     * an interrupted run left one (of the same config).
     */
    public static Summary run(ExperimentConfig config, Path dir) {
        Path partial = dir.resolveSibling(dir.getFileName() + PARTIAL);
        RunDirectory run = new RunDirectory(partial);
        try {
            Summary summary;
            if (Files.isDirectory(partial) && ranConfig(partial, config) && new Checkpoints(
                    partial.resolve("checkpoints"), 1).latest().isPresent() && !Files.exists(run.summary())) {
                summary = Experiment.resume(run, List.of(), List.of()).summary();
            } else {
                deleteTree(partial);
                Files.createDirectories(partial);
                summary = Experiment.run(config, run, List.of()).summary();
            }
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("cannot resume " + partial + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the run in {@code dir} ran {@code config}: its config.yaml, read with today's defaults, equals it but
     * for the checkpoint settings, which change nothing a run computes.
     */
    static boolean ranConfig(Path dir, ExperimentConfig config) throws IOException {
        Path saved = dir.resolve("config.yaml");
        if (!Files.exists(saved)) {
            return false;
        }
        try {
            ExperimentConfig ran = ConfigLoader.parse(Files.readString(saved), saved.toString(), config.name(),
                    List.of());
            return withoutCheckpoints(ran).equals(withoutCheckpoints(config));
        } catch (ConfigException e) {
            return false;
        }
    }

    private static ExperimentConfig withoutCheckpoints(ExperimentConfig c) {
        return c.withTraining(c.training().withCheckpoints(0, 1));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
