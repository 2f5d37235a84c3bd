package io.carousel.toolkit.sweep;

import io.carousel.toolkit.BadInputException;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.Words;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A config's {@code sweep:} expanded: every point of its grid (each a config of its own, validated like a file with
 * {@code --set}), times its trials. Each run is described by plain strings, so that it travels to wherever it runs
 * (a thread here, a Spark executor there) and is built there the same way.
 *
 * @param name   the sweep's name (the config's)
 * @param keys   the swept keys, in grid order
 * @param points each point's values, in order
 * @param runs   every run: points in order, trials in seed order within each
 */
public record SweepPlan(String name, List<String> keys, List<Map<String, Object>> points, List<Run> runs)
        implements Serializable {

    /**
     * One run of the sweep.
     *
     * @param point     index into {@link #points}
     * @param seed      the trial's seed
     * @param directory where it runs, relative to the sweep's output ({@code p01/seed-7})
     * @param config    its complete config as YAML (as a run records it in config.yaml)
     */
    public record Run(int point, long seed, String directory, String config) implements Serializable {

        /** The run's config, read back from {@link #config}. */
        public ExperimentConfig experiment() throws ConfigException {
            return ConfigLoader.parse(config, directory + "/config.yaml", "run", List.of());
        }
    }

    /** The plan of {@code file}, which must have a {@code sweep:} section. */
    public static SweepPlan of(Path file) throws ConfigException {
        ExperimentConfig base = ConfigLoader.load(file);
        if (base.sweep() == null) {
            throw new BadInputException(file + ": has no sweep section (e.g. sweep: {grid: {model.layers[0].units: "
                    + "[8, 16]}, trials: 3})");
        }
        List<Map<String, Object>> points = base.sweep().points(base.seed());
        List<Run> runs = new ArrayList<>();
        String width = "%0" + Math.max(2, String.valueOf(points.size()).length()) + "d";
        for (int p = 0; p < points.size(); p++) {
            List<String> sets = new ArrayList<>();
            sets.add("sweep=null");
            points.get(p).forEach((k, v) -> sets.add(k + "=" + v));
            ExperimentConfig point = ConfigLoader.load(file, sets);
            String id = "p" + String.format(Locale.ROOT, width, p + 1);
            for (int t = 0; t < base.sweep().trials(); t++) {
                long seed = base.seed() + t;
                ExperimentConfig trial = point.withNameAndSeed(base.name() + "-" + id, seed);
                runs.add(new Run(p, seed, id + "/seed-" + seed, ConfigLoader.toYaml(trial)));
            }
        }
        return new SweepPlan(base.name(), List.copyOf(base.sweep().grid().keySet()), points, runs);
    }

    /** The plan's shape in words: {@code 4 points x 3 trials}, {@code 1 point x 1 trial}. */
    public String shape() {
        return Words.count(points.size(), "point") + " x " + Words.count(runs.size() / points.size(), "trial");
    }

    /** A point's values in words, {@code units=8, learning_rate=0.01} (each key by its last part). */
    public String label(int point) {
        List<String> parts = new ArrayList<>();
        points.get(point).forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v));
        return String.join(", ", parts);
    }
}
