package io.carousel.spark;

import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.sweep.Sweep;
import io.carousel.toolkit.sweep.SweepPlan;
import io.carousel.toolkit.sweep.SweepReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A sweep (a config's {@code sweep:} grid times its trials) run as Spark tasks, one training run per task: the same
 * runs as {@code sweep} on one machine, each built from the same plan entry, so results are identical whichever way
 * they ran. Run directories go under the output path, which executors must reach (a shared filesystem; in
 * {@code local[*]} mode, any directory); each task also sends its run's summary back, and the driver writes
 * {@code sweep.csv}, {@code sweep.md} and {@code sweep.png}. Finished runs are kept and interrupted ones resumed,
 * as locally.
 *
 * <pre>
 * spark-submit --class io.carousel.spark.SparkSweep --conf spark.task.cpus=1 \
 *     --conf spark.executorEnv.OMP_NUM_THREADS=1 carousel-spark.jar CONFIG OUT
 * </pre>
 */
public final class SparkSweep {

    private SparkSweep() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: spark-submit --class io.carousel.spark.SparkSweep carousel-spark.jar CONFIG OUT");
            System.exit(2);
        }
        SweepPlan plan = SweepPlan.of(Path.of(args[0]));
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("carousel sweep " + plan.name()))) {
            run(sc, plan, Path.of(args[1]));
        }
        System.out.println("report: " + Path.of(args[1]).resolve(SweepReport.MARKDOWN));
    }

    /** Runs {@code plan}'s unfinished runs on {@code sc}, one task each, and writes the report into {@code out}. */
    public static Sweep.Result run(JavaSparkContext sc, SweepPlan plan, Path out) throws IOException {
        Files.createDirectories(out);
        String[] summaries = new String[plan.runs().size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < summaries.length; i++) {
            Optional<Summary> done = Sweep.finished(plan.runs().get(i), out);
            if (done.isPresent()) {
                summaries[i] = done.get().toJson();
            } else {
                todo.add(i);
            }
        }
        if (!todo.isEmpty()) {
            String target = out.toAbsolutePath().toString();
            List<SweepPlan.Run> runs = plan.runs();
            List<String[]> results = sc.parallelize(todo, todo.size())
                    .map(i -> new String[] {Integer.toString(i), Sweep.execute(runs.get(i), Path.of(target)).toJson()})
                    .collect();
            for (String[] r : results) {
                summaries[Integer.parseInt(r[0])] = r[1];
            }
        }
        Map<Integer, List<Summary>> byPoint = new TreeMap<>();
        for (int i = 0; i < summaries.length; i++) {
            try {
                byPoint.computeIfAbsent(plan.runs().get(i).point(), k -> new ArrayList<>())
                        .add(Summary.fromJson(summaries[i]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SweepReport.write(out, plan, byPoint);
        return new Sweep.Result(out, byPoint);
    }
}
