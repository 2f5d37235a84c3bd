package io.carousel.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.reproduce.Reproduction;
import io.carousel.toolkit.sweep.Sweep;
import io.carousel.toolkit.sweep.SweepPlan;
import io.carousel.toolkit.sweep.SweepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small sweep on Spark in local[2] gives, run for run, bit for bit, what the local executor gives. */
class SparkSweepTest {

    @TempDir
    Path tmp;

    static final String SWEEP = """
            name: spark-sweep
            seed: 5
            task: {type: adding, length: 10}
            model:
              layers: [{type: lstm, units: 4}]
              output: {activation: sigmoid}
            training:
              batch_size: 32
              max_sequences: 256
              stop: max_sequences
              eval_every: 128
              eval_sequences: 32
              test_sequences: 64
            sweep:
              grid:
                model.layers[0].units: [4, 6]
                training.optimizer.learning_rate: [0.01, 0.003]
              trials: 2
            """;

    @Test
    void sparkRunsEqualLocalRunsBitForBit() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, SWEEP);
        SweepPlan plan = SweepPlan.of(config);
        Path local = tmp.resolve("local");
        Sweep.run(plan, local, 2, r -> { });
        Path spark = tmp.resolve("spark");
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("carousel-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            SparkSweep.run(sc, plan, spark);
        }
        assertEquals(Files.readString(local.resolve(SweepReport.CSV)), Files.readString(spark.resolve(SweepReport.CSV)));
        for (SweepPlan.Run run : plan.runs()) {
            Summary a = Summary.read(local.resolve(run.directory()).resolve("summary.json"));
            Summary b = Summary.read(spark.resolve(run.directory()).resolve("summary.json"));
            assertEquals(a.sequences(), b.sequences(), run.directory());
            assertEquals(a.test(), b.test(), run.directory());
            assertEquals(Files.readString(local.resolve(run.directory()).resolve("config.yaml")),
                    Files.readString(spark.resolve(run.directory()).resolve("config.yaml")));
            float[] pa = ModelSerializer.restoreMultiLayerNetwork(local.resolve(run.directory()).resolve("model.zip")
                    .toFile()).params().toFloatVector();
            float[] pb = ModelSerializer.restoreMultiLayerNetwork(spark.resolve(run.directory()).resolve("model.zip")
                    .toFile()).params().toFloatVector();
            assertArrayEquals(pa, pb, run.directory());
        }
    }

    @Test
    void reproduceOnSparkRunsTheTrialsTheLocalCommandRuns() throws Exception {
        Path config = tmp.resolve("tiny-row.yaml");
        Files.writeString(config, """
                name: tiny-adding
                reproduces: 4-adding-t100
                seed: 5
                task: {type: adding, length: 10}
                model:
                  layers: [{type: lstm, units: 4}]
                  output: {activation: sigmoid}
                training:
                  batch_size: 32
                  max_sequences: 128
                  stop: max_sequences
                  eval_every: 64
                  eval_sequences: 32
                  test_sequences: 64
                """);
        List<Reproduction.Row> rows = Reproduction.rows(List.of(config), 2);
        Reproduction.Result local = Reproduction.run(rows, tmp.resolve("repro-local"), 2, d -> { });
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("carousel-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        Reproduction.Result spark;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            spark = SparkReproduce.run(sc, rows, tmp.resolve("repro-spark"));
        }
        List<Summary> a = local.trials().values().iterator().next();
        List<Summary> b = spark.trials().values().iterator().next();
        assertEquals(2, b.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get(i).seed(), b.get(i).seed());
            assertEquals(a.get(i).test(), b.get(i).test());
        }
        // the report's rows, but for its last column (the trials' seconds)
        assertEquals(withoutTimes(tmp.resolve("repro-local/reproduction.csv")),
                withoutTimes(tmp.resolve("repro-spark/reproduction.csv")));
    }

    static List<String> withoutTimes(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
