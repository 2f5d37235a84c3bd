package io.carousel.toolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.carousel.tasks.Task;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.model.NetworkFactory;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class CellTraceTest {

    static final String STACK = """
            seed: 4
            task: {type: adding, length: 12, fixed_length: true}
            model:
              layers: [{type: lstm, units: 5, forget_bias: 2.0, input_gate_bias: -1.0}, {type: lstm, units: 3}]
              output: {activation: sigmoid}
            """;

    @Test
    void theTraceReproducesEachLayersOutputs() throws Exception {
        ExperimentConfig c = ConfigLoader.parse(STACK, "t.yaml", "t", List.of());
        Task task = c.task().create(4);
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 4);
        net.fit(task.batch(16, 1));
        DataSet one = task.batch(1, 9);
        List<INDArray> activations = net.feedForward(one.getFeatures(), false);
        for (int layer = 0; layer < 2; layer++) {
            CellTrace trace = CellTrace.of(net, layer, one.getFeatures());
            INDArray h = activations.get(layer + 1);
            // the last LSTM layer is wrapped to give its last step only
            boolean lastOnly = h.rank() == 2;
            for (int t = lastOnly ? 11 : 0; t < 12; t++) {
                for (int j = 0; j < h.size(1); j++) {
                    double expected = lastOnly ? h.getDouble(0, j) : h.getDouble(0, j, t);
                    assertEquals(expected, trace.output()[t][j], 1e-5, "layer " + layer + " step " + t);
                    assertEquals(trace.outputGate()[t][j] * Math.tanh(trace.cell()[t][j]), trace.output()[t][j],
                            1e-12);
                }
            }
        }
        assertEquals(12, CellTrace.unit(CellTrace.of(net, 0, one.getFeatures()).forgetGate(), 4).length);
        // every step of the last layer, though the network reads only its last
        double[][] all = CellTrace.outputs(net, 1, one.getFeatures());
        double[][] traced = CellTrace.of(net, 1, one.getFeatures()).output();
        for (int t = 0; t < 12; t++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(traced[t][j], all[t][j], 1e-5);
            }
        }
    }

    @Test
    void onlyLstmLayersCanBeTraced() throws Exception {
        ExperimentConfig c = ConfigLoader.parse(STACK.replace("{type: lstm, units: 3}", "{type: simple_rnn, units: 3}"),
                "t.yaml", "t", List.of());
        Task task = c.task().create(4);
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 4);
        assertThrows(IllegalArgumentException.class, () -> CellTrace.of(net, 1, task.batch(1, 1).getFeatures()));
    }
}
