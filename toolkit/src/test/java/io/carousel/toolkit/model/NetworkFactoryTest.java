package io.carousel.toolkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.AddingProblem;
import io.carousel.toolkit.EchoTask;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.nn.FusedGravesLstm;
import io.carousel.toolkit.nn.FusedLstm;
import io.carousel.toolkit.nn.FusedSimpleRnn;
import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NetworkFactoryTest {

    static Stream<String> layerStacks() {
        return Stream.of(
                "[{type: lstm, units: 6, forget_bias: 3.0}]",
                "[{type: graves_lstm, units: 6}]",
                "[{type: simple_rnn, units: 6}]",
                "[{type: lstm_1997, units: 6}]",
                "[{type: bidirectional, mode: add, layer: {type: lstm_1997, units: 4}}]",
                "[{type: bidirectional, layer: {type: lstm, units: 4}}]",
                "[{type: bidirectional, mode: add, layer: {type: graves_lstm, units: 4}}]",
                "[{type: bidirectional, mode: average, layer: {type: simple_rnn, units: 4}}]",
                "[{type: dense, units: 5, dropout: 0.1}, {type: lstm, units: 6, dropout: 0.2}, "
                        + "{type: lstm, units: 4}, {type: dense, units: 3, activation: tanh}]");
    }

    static ExperimentConfig config(String layers, String extra) throws ConfigException {
        return ConfigLoader.parse("task: {type: adding, length: 12}\nmodel: {layers: " + layers + "}\n"
                + "training: {batch_size: 8, gradient_clip: 1.0}\n" + extra, "test.yaml", "test", List.of());
    }

    @ParameterizedTest
    @MethodSource("layerStacks")
    void eachLayerTypeBuildsAndTrains(String layers) throws ConfigException {
        ExperimentConfig c = config(layers, "");
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, c.seed());
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(task.batch(8, i));
            assertTrue(Double.isFinite(net.score()), "finite loss");
        }
        assertNotEquals(before, net.params(), "training changed the parameters");
        DataSet probe = task.batch(5, 99);
        INDArray out = net.output(probe.getFeatures(), false, probe.getFeaturesMaskArray(), null);
        assertArrayEquals(new long[] {5, 1}, out.shape());
    }

    @Test
    void layerTypesMapOntoDl4jLayers() throws ConfigException {
        ExperimentConfig c = config("[{type: graves_lstm, units: 3}, {type: simple_rnn, units: 3}, "
                + "{type: bidirectional, layer: {type: lstm, units: 3, forget_bias: 5.0}}]", "");
        var conf = NetworkFactory.configuration(c.model(), c.training(), c.task().create(c.seed()), 1);
        assertInstanceOf(GravesLSTM.class, conf.getConf(0).getLayer());
        assertInstanceOf(SimpleRnn.class, conf.getConf(1).getLayer());
        LastTimeStep last = assertInstanceOf(LastTimeStep.class, conf.getConf(2).getLayer());
        Bidirectional bi = assertInstanceOf(Bidirectional.class, last.getUnderlying());
        assertEquals(5.0, ((LSTM) bi.getFwd()).getForgetGateBiasInit());
    }

    @Test
    void lstmIsFusedUnlessImplSaysDl4j() throws ConfigException {
        ExperimentConfig c = config("[{type: lstm, units: 3}, {type: graves_lstm, units: 3}, "
                + "{type: lstm, units: 3, impl: dl4j}, {type: graves_lstm, units: 3, impl: dl4j}]", "");
        var conf = NetworkFactory.configuration(c.model(), c.training(), c.task().create(c.seed()), 1);
        assertInstanceOf(FusedLstm.class, conf.getConf(0).getLayer());
        assertInstanceOf(FusedGravesLstm.class, conf.getConf(1).getLayer());
        assertEquals(LSTM.class, conf.getConf(2).getLayer().getClass());
        assertEquals(GravesLSTM.class,
                ((LastTimeStep) conf.getConf(3).getLayer()).getUnderlying().getClass());
    }

    @Test
    void simpleRnnIsFusedUnlessImplSaysDl4j() throws ConfigException {
        ExperimentConfig c = config("[{type: simple_rnn, units: 3}, {type: simple_rnn, units: 3, impl: dl4j}, "
                + "{type: bidirectional, layer: {type: simple_rnn, units: 3}}]", "");
        var conf = NetworkFactory.configuration(c.model(), c.training(), c.task().create(c.seed()), 1);
        assertInstanceOf(FusedSimpleRnn.class, conf.getConf(0).getLayer());
        assertEquals(SimpleRnn.class, conf.getConf(1).getLayer().getClass());
        Bidirectional bi = assertInstanceOf(Bidirectional.class,
                ((LastTimeStep) conf.getConf(2).getLayer()).getUnderlying());
        assertInstanceOf(FusedSimpleRnn.class, bi.getFwd());
    }

    @Test
    void gateBiasesStartWhereConfigured() throws ConfigException {
        ExperimentConfig c = config("[{type: lstm, units: 3, forget_bias: 5.0, input_gate_bias: -2.0}, "
                + "{type: bidirectional, layer: {type: graves_lstm, units: 2, input_gate_bias: -1.5}}]", "");
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), c.task().create(c.seed()), 1);
        // DL4J orders LSTM biases IFOG: block input, forget gate, output gate, input gate.
        assertArrayEquals(new float[] {0, 0, 0, 5, 5, 5, 0, 0, 0, -2, -2, -2}, net.getParam("0_b").toFloatVector());
        for (String key : List.of("1_fb", "1_bb")) {
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, -1.5f, -1.5f}, net.getParam(key).toFloatVector(), key);
        }
    }

    @Test
    void lastStepOutputIgnoresMaskedPadding() throws ConfigException {
        ExperimentConfig c = config("[{type: lstm, units: 6}]", "");
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 3);
        DataSet ds = task.batch(4, 1);
        INDArray mask = ds.getFeaturesMaskArray();
        INDArray features = ds.getFeatures().dup();
        INDArray expected = net.output(features, false, mask, null);
        // Garbage after each sequence's end must not change its output.
        for (int s = 0; s < 4; s++) {
            int len = mask.getRow(s).sumNumber().intValue();
            if (len < features.size(2)) {
                features.get(NDArrayIndex.point(s), NDArrayIndex.all(), NDArrayIndex.interval(len, features.size(2)))
                        .assign(7.0);
            }
        }
        assertEquals(expected, net.output(features, false, mask, null));
    }

    @Test
    void everyStepOutputUsesRnnOutputLayer() throws ConfigException {
        ExperimentConfig c = config("[{type: lstm, units: 6}]", "");
        Task echo = new EchoTask(9);
        var model = new io.carousel.toolkit.config.ModelSpec(c.model().layers(),
                new io.carousel.toolkit.config.OutputSpec(io.carousel.toolkit.config.ActivationName.IDENTITY,
                        io.carousel.toolkit.config.LossName.MSE, io.carousel.toolkit.config.OutputAt.EVERY),
                c.model().weightInit(), 0);
        MultiLayerNetwork net = NetworkFactory.create(model, c.training(), echo, 1);
        assertInstanceOf(RnnOutputLayer.class, net.getLayerWiseConfigurations().getConf(1).getLayer());
        DataSet ds = echo.batch(8, 1);
        net.fit(ds);
        assertArrayEquals(new long[] {8, 1, 9}, net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(),
                ds.getLabelsMaskArray()).shape());
    }

    @Test
    void modelSerializerRoundTrip(@TempDir File dir) throws Exception {
        ExperimentConfig c = config("[{type: bidirectional, layer: {type: graves_lstm, units: 4}}, "
                + "{type: lstm, units: 3}]", "");
        Task task = new AddingProblem(12);
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 5);
        net.fit(task.batch(8, 0));
        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        DataSet probe = task.batch(3, 4);
        assertEquals(net.output(probe.getFeatures(), false, probe.getFeaturesMaskArray(), null),
                restored.output(probe.getFeatures(), false, probe.getFeaturesMaskArray(), null));
    }

    @Test
    void scheduleCountsSequences() {
        var schedule = NetworkFactory.schedule(new io.carousel.toolkit.config.ScheduleSpec(
                io.carousel.toolkit.config.ScheduleType.STEP, 0.5, 1000), 0.1, 100);
        assertEquals(0.1, schedule.valueAt(9, 0), 1e-12);
        assertEquals(0.05, schedule.valueAt(10, 0), 1e-12, "halved after 1,000 sequences = 10 iterations");
        var exp = NetworkFactory.schedule(new io.carousel.toolkit.config.ScheduleSpec(
                io.carousel.toolkit.config.ScheduleType.EXPONENTIAL, 0.5, 1000), 0.1, 100);
        assertEquals(0.05, exp.valueAt(10, 0), 1e-9);
    }
}
