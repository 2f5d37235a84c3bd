package io.carousel.toolkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.Task;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.eval.Evaluator;
import io.carousel.toolkit.eval.TestResult;
import io.carousel.toolkit.model.NetworkFactory;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class TrainerTest {

    static ExperimentConfig config(String yaml, String... overrides) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", "test", List.of(overrides));
    }

    static final String SMALL = """
            seed: 11
            task: {type: adding, length: 12}
            model:
              layers: [{type: lstm, units: 8, forget_bias: 2.0}]
              output: {activation: sigmoid}
            training:
              optimizer: {type: adam, learning_rate: 0.01}
              batch_size: 16
              max_sequences: 320
              stop: max_sequences
              eval_every: 160
              eval_sequences: 64
            """;

    @Test
    void capturedPredictionsAreThoseBeforeTheUpdate() throws ConfigException {
        ExperimentConfig c = config(SMALL);
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, c.seed());
        PredictionCapture capture = new PredictionCapture();
        net.addListeners(capture);
        for (int i = 0; i < 3; i++) {
            DataSet batch = task.batch(16, i);
            INDArray expected = Evaluator.predict(net, batch);
            net.fit(batch);
            INDArray captured = capture.take();
            assertArrayEquals(expected.shape(), captured.shape());
            assertTrue(expected.equalsWithEps(captured, 1e-5), "captured " + captured + " expected " + expected);
        }
    }

    @Test
    void sameSeedSameParametersBitForBit() throws ConfigException {
        ExperimentConfig c = config(SMALL);
        INDArray a = trained(c);
        INDArray b = trained(c);
        assertArrayEquals(a.data().asInt(), b.data().asInt());
        INDArray other = trained(config(SMALL, "seed=12"));
        assertTrue(!a.equals(other), "another seed gives other weights");
    }

    private static INDArray trained(ExperimentConfig c) {
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, c.seed());
        new Trainer(c.training(), c.seed(), List.of()).train(net, task);
        return net.params().dup();
    }

    @Test
    void countsSequencesAndEvaluatesOnSchedule() throws ConfigException {
        ExperimentConfig c = config(SMALL, "training.max_sequences=330");
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, c.seed());
        List<MetricsRow> rows = new ArrayList<>();
        TrainingOutcome out = new Trainer(c.training(), c.seed(), List.of(new TrainingMonitor() {
            @Override
            public void onEvaluation(MetricsRow row) {
                rows.add(row);
            }
        })).train(net, task);
        assertEquals(330, out.sequences(), "the last batch is cut to the budget");
        assertEquals(21, out.iterations());
        assertEquals(TrainingOutcome.StopReason.BUDGET, out.stopReason());
        assertEquals(List.of(160L, 320L, 330L), rows.stream().map(MetricsRow::sequences).toList());
        assertEquals(rows, out.history());
    }

    /**
     * A learning test, not a timing test: a short run on the adding problem must bring the test MSE well below the
     * trivial predictor's (always 0.5: MSE = Var[(X1 + X2) / 4], about 0.04).
     */
    @Test
    void learnsTheAddingProblem() throws ConfigException {
        ExperimentConfig c = config("""
                seed: 3
                task: {type: adding, length: 20}
                model:
                  layers: [{type: lstm, units: 16, forget_bias: 3.0}]
                  output: {activation: sigmoid}
                training:
                  optimizer: {type: adam, learning_rate: 0.01}
                  batch_size: 32
                  max_sequences: 40000
                  stop: paper
                  eval_every: 5000
                """);
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, c.seed());
        new Trainer(c.training(), c.seed(), List.of()).train(net, task);
        TestResult test = Evaluator.test(net, task, 2560, Seeds.derive(c.seed(), Seeds.TEST, 0));
        assertTrue(test.mse() < 0.01, "test MSE " + test.mse() + " should be well under the trivial 0.04");
    }
}
