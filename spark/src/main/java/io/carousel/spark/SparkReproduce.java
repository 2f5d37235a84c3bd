package io.carousel.spark;

import io.carousel.toolkit.TrialRuns;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.reproduce.Reproduction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code reproduce} on Spark: every unfinished trial of the selected rows of the 1997 paper's tables as one Spark
 * task, into the same {@code OUT/<row>/seed-<s>/} directories the local command uses (so the two can take turns on
 * one output), then the report from the finished trials. The output path must be reachable from the executors.
 *
 * <pre>
 * spark-submit --class io.carousel.spark.SparkReproduce --conf spark.task.cpus=1 \
 *     --conf spark.executorEnv.OMP_NUM_THREADS=1 carousel-spark.jar OUT [CONFIG|DIR ...]
 * </pre>
 */
public final class SparkReproduce {

    private SparkReproduce() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: spark-submit --class io.carousel.spark.SparkReproduce carousel-spark.jar OUT "
                    + "[CONFIG|DIR ...] (default configs/paper)");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Path> selection = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            selection.add(Path.of(args[i]));
        }
        if (selection.isEmpty()) {
            selection.add(Path.of("configs", "paper"));
        }
        List<Reproduction.Row> rows = Reproduction.rows(Reproduction.configFiles(selection), null);
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("carousel reproduce"))) {
            run(sc, rows, out);
        }
        System.out.println("report: " + out.resolve("reproduction.md"));
    }

    /** Runs the unfinished trials of {@code rows} on {@code sc}, one task each, then writes the report. */
    public static Reproduction.Result run(JavaSparkContext sc, List<Reproduction.Row> rows, Path out)
            throws Exception {
        Files.createDirectories(out);
        List<String[]> todo = new ArrayList<>();
        for (int[] trial : Reproduction.order(rows)) {
            Reproduction.Row row = rows.get(trial[0]);
            Path dir = row.trialDirectory(out, trial[1]).toAbsolutePath();
            Files.createDirectories(dir.getParent());
            if (TrialRuns.finished(dir, Reproduction.trialConfig(row, trial[1]), row.file().toString()).isEmpty()) {
                todo.add(new String[] {ConfigLoader.toYaml(Reproduction.trialConfig(row, trial[1])), dir.toString()});
            }
        }
        if (!todo.isEmpty()) {
            sc.parallelize(todo, todo.size()).map(t -> TrialRuns.run(ConfigLoader.parse(t[0], t[1] + "/config.yaml",
                    "trial", List.of()), Path.of(t[1])).toJson()).collect();
        }
        return Reproduction.report(rows, out);
    }
}
