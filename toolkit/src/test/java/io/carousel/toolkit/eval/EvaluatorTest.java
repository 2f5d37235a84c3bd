package io.carousel.toolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.Verdict;
import io.carousel.tasks.hs97.AddingProblem;
import io.carousel.tasks.hs97.LongTimeLag;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.model.NetworkFactory;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void narrowTasksAreEvaluatedInFullChunks() {
        assertEquals(Evaluator.CHUNK, Evaluator.chunkSize(new AddingProblem(1000)));
    }

    @Test
    void wideLongSequencesAreEvaluatedInChunksThatFitTheBound() throws Exception {
        // Experiment 2c with p = 1,000: 1,004 one-hot inputs over about 1,010 steps, 4 MB a sequence in float.
        LongTimeLag task = new LongTimeLag(LongTimeLag.Variant.C, 1000, 1000);
        int chunk = Evaluator.chunkSize(task);
        assertTrue(chunk >= 1 && (long) chunk * task.inputSize() * Evaluator.ASSUMED_STEPS <= Evaluator.MAX_ELEMENTS,
                "chunk " + chunk);
        ExperimentConfig c = ConfigLoader.parse("""
                task: {type: long_lag, variant: c, p: 1000, q: 1000}
                model: {layers: [{type: lstm, units: 2}], output: {activation: sigmoid}}
                """, "wide.yaml", "wide", List.of());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 1);
        int sequences = chunk + 5;
        Verdict v = Evaluator.evaluate(net, task, sequences, 3);
        assertEquals(sequences, v.sequences(), "every sequence judged across the chunks");
        assertEquals(v, Evaluator.evaluate(net, task, sequences, 3), "the same seed gives the same sequences");
    }
}
