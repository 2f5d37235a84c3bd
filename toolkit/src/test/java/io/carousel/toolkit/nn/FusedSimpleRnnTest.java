package io.carousel.toolkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused simple RNN against DL4J's own {@code SimpleRnn}: same parameters in both, outputs, scores and gradients
 * (parameters and input) compared in double precision, with and without masks, one way and both ways, stacked, in
 * training; and against finite differences.
 */
@ExtendWith(DoublePrecision.class)
class FusedSimpleRnnTest {

    private static final double TOLERANCE = 1e-6;

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        LayerFixtures.assertClose(expected, actual, TOLERANCE, what);
    }

    private static Layer rnn(int units, boolean fused, boolean bidirectional) {
        SimpleRnn rnn = new SimpleRnn.Builder().nOut(units).activation(Activation.TANH).build();
        Layer layer = fused ? FusedSimpleRnn.of(rnn) : rnn;
        return bidirectional ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer;
    }

    private static MultiLayerNetwork network(List<Layer> recurrent, boolean atLast, int nIn, int nOut,
                                             org.nd4j.linalg.learning.config.IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(updater).list();
        for (int i = 0; i < recurrent.size(); i++) {
            Layer layer = recurrent.get(i);
            list.layer(atLast && i == recurrent.size() - 1 ? new LastTimeStep(layer) : layer);
        }
        list.layer(atLast
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nOut(nOut).build()
                : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nOut(nOut).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(InputType.recurrent(nIn)).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork network(int units, boolean fused, boolean bidirectional, boolean atLast,
                                             int nIn, int nOut) {
        return network(List.of(rnn(units, fused, bidirectional)), atLast, nIn, nOut, new NoOp());
    }

    private record Batch(INDArray x, INDArray y, INDArray mask) {
        INDArray labelMask(boolean atLast) {
            return atLast ? null : mask;
        }
    }

    /** Random inputs and targets; with a mask, sequences of random lengths padded after ("trailing") or before. */
    private static Batch batch(long seed, int nIn, int nOut, int batch, int steps, boolean atLast, String masks) {
        Random random = new Random(seed);
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, batch, nIn, steps).subi(0.5).muli(4);
        INDArray y = atLast ? Nd4j.rand(DataType.DOUBLE, batch, nOut) : Nd4j.rand(DataType.DOUBLE, batch, nOut, steps);
        INDArray mask = null;
        if (!masks.equals("none")) {
            mask = LayerFixtures.lengthsMask(random, batch, steps, masks.equals("leading"));
            x.muli(mask.reshape(batch, 1, steps).broadcast(batch, nIn, steps));
        }
        return new Batch(x, y, mask);
    }

    /** The fused layers of {@code net}, looked up through DL4J's wrappers; each must run on the kernel. */
    static int assertRunsFused(MultiLayerNetwork net) {
        int found = 0;
        List<org.deeplearning4j.nn.api.Layer> todo = new ArrayList<>(List.of(net.getLayers()));
        while (!todo.isEmpty()) {
            org.deeplearning4j.nn.api.Layer l = todo.remove(0);
            if (l instanceof BaseWrapperLayer w) {
                todo.add(w.getUnderlying());
            } else if (l instanceof BidirectionalLayer b) {
                todo.add(LayerFixtures.direction(b, "fwd"));
                todo.add(LayerFixtures.direction(b, "bwd"));
            } else if (l instanceof FusedSimpleRnnLayer f) {
                assertTrue(f.fused(), "layer " + f.getIndex() + " fell back to DL4J's implementation");
                found++;
            }
        }
        assertTrue(found > 0, "no fused layer in the network");
        return found;
    }

    /** Copies DL4J's parameters into the fused twin, then compares outputs, score, every gradient and the input's. */
    private static void assertSameAsDl4j(MultiLayerNetwork dl4j, MultiLayerNetwork fused, boolean atLast, Batch b) {
        fused.setParams(dl4j.params().dup());
        assertRunsFused(fused);
        assertClose(dl4j.output(b.x, false, b.mask, b.labelMask(atLast)),
                fused.output(b.x, false, b.mask, b.labelMask(atLast)), "output");
        if (b.mask == null || !atLast) {
            // DL4J's calculateGradients hands a feature mask to the output layer even after LastTimeStep.
            var expected = dl4j.calculateGradients(b.x, b.y, b.mask, b.labelMask(atLast));
            var actual = fused.calculateGradients(b.x, b.y, b.mask, b.labelMask(atLast));
            assertClose(expected.getFirst().gradient(), actual.getFirst().gradient(), "parameter gradient");
            assertClose(expected.getSecond(), actual.getSecond(), "input gradient");
        }
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {dl4j, fused}) {
            net.setInput(b.x);
            net.setLabels(b.y);
            net.setLayerMaskArrays(b.mask, b.labelMask(atLast));
            net.computeGradientAndScore();
        }
        assertEquals(dl4j.score(), fused.score(), 1e-9 * Math.abs(dl4j.score()), "score");
        assertClose(dl4j.gradient().gradient(), fused.gradient().gradient(), "gradient");
    }

    @ParameterizedTest(name = "nIn {0}, units {1}, batch {2}, steps {3}, at last {4}, masks {5}, bidirectional {6}")
    @CsvSource({
            "2, 16, 8, 10, true, none, false",
            "2, 16, 8, 10, false, none, false",
            "3, 7, 5, 13, true, trailing, false",
            "3, 7, 5, 13, false, trailing, false",
            "3, 8, 6, 9, false, leading, false",
            "54, 32, 4, 20, true, none, false",
            "1, 1, 1, 1, false, none, false",
            "4, 9, 6, 1, true, none, false",
            "3, 6, 5, 8, false, none, true",
            "3, 11, 5, 8, true, trailing, true",
            "3, 6, 5, 9, false, leading, true",
    })
    void matchesDl4j(int nIn, int units, int batch, int steps, boolean atLast, String masks, boolean bidirectional) {
        assertSameAsDl4j(network(units, false, bidirectional, atLast, nIn, 3),
                network(units, true, bidirectional, atLast, nIn, 3), atLast,
                batch(nIn * 31L + units, nIn, 3, batch, steps, atLast, masks));
    }

    @Test
    void stackedLayersMatchDl4j() {
        MultiLayerNetwork dl4j = network(List.of(rnn(10, false, false), rnn(7, false, true), rnn(5, false, false)),
                true, 4, 2, new NoOp());
        MultiLayerNetwork fused = network(List.of(rnn(10, true, false), rnn(7, true, true), rnn(5, true, false)),
                true, 4, 2, new NoOp());
        assertSameAsDl4j(dl4j, fused, true, batch(5, 4, 2, 6, 12, true, "trailing"));
        assertSameAsDl4j(dl4j, fused, true, batch(6, 4, 2, 6, 12, true, "none"));
        assertEquals(4, assertRunsFused(fused), "every layer of the stack, both directions of the middle one");
    }

    /** Finite differences as a second witness, independent of DL4J's implementation. */
    @ParameterizedTest(name = "bidirectional {0}, masks {1}, at last {2}")
    @CsvSource({"false, none, true", "false, leading, false", "true, trailing, false", "true, leading, true"})
    void gradientMatchesFiniteDifferences(boolean bidirectional, String masks, boolean atLast) {
        MultiLayerNetwork net = network(5, true, bidirectional, atLast, 3, 2);
        Batch b = batch(11, 3, 2, 4, 7, atLast, masks);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(b.x)
                .labels(b.y).inputMask(b.mask).labelMask(b.labelMask(atLast)).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "finite differences disagree with the fused gradient");
    }

    @Test
    void trainsLikeDl4jWithAdam() {
        MultiLayerNetwork dl4j = network(List.of(rnn(12, false, false)), true, 2, 1, new Adam(0.01));
        MultiLayerNetwork fused = network(List.of(rnn(12, true, false)), true, 2, 1, new Adam(0.01));
        fused.setParams(dl4j.params().dup());
        assertRunsFused(fused);
        for (int step = 0; step < 20; step++) {
            Batch b = batch(100 + step, 2, 1, 16, 15, true, "trailing");
            for (MultiLayerNetwork net : new MultiLayerNetwork[] {dl4j, fused}) {
                net.fit(new DataSet(b.x, b.y, b.mask, null));
            }
        }
        assertClose(dl4j.params(), fused.params(), "parameters after 20 Adam steps");
        assertFalse(dl4j.params().equalsWithEps(network(List.of(rnn(12, false, false)), true, 2, 1,
                new Adam(0.01)).params(), 1e-3), "training changed the parameters");
    }

    @Test
    void savesAndRestoresWithModelSerializer() throws Exception {
        MultiLayerNetwork net = network(6, true, true, true, 3, 2);
        Batch b = batch(21, 3, 2, 4, 5, true, "trailing");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        Layer inner = ((Bidirectional) ((LastTimeStep) restored.getLayerWiseConfigurations().getConf(0).getLayer())
                .getUnderlying()).getFwd();
        assertInstanceOf(FusedSimpleRnn.class, inner);
        assertRunsFused(restored);
        assertClose(net.output(b.x, false, b.mask, null), restored.output(b.x, false, b.mask, null), "restored");
    }

    @Test
    void stepByStepMatchesWholeSequenceAndDl4j() {
        MultiLayerNetwork dl4j = network(7, false, false, false, 2, 3);
        MultiLayerNetwork fused = network(7, true, false, false, 2, 3);
        fused.setParams(dl4j.params().dup());
        assertRunsFused(fused);
        INDArray x = batch(8, 2, 3, 4, 6, false, "none").x;
        INDArray whole = fused.output(x);
        for (int t = 0; t < 6; t++) {
            INDArray input = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
            INDArray step = fused.rnnTimeStep(input);
            assertClose(whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)), step,
                    "step " + t);
            assertClose(dl4j.rnnTimeStep(input), step, "DL4J's step " + t);
        }
    }

    @Test
    void otherActivationsRunDl4jsImplementation() {
        SimpleRnn relu = new SimpleRnn.Builder().nOut(4).activation(Activation.RELU).build();
        MultiLayerNetwork dl4j = network(List.of(relu), false, 3, 2, new NoOp());
        MultiLayerNetwork fused = network(List.of(FusedSimpleRnn.of(relu)), false, 3, 2, new NoOp());
        fused.setParams(dl4j.params().dup());
        assertFalse(((FusedSimpleRnnLayer) fused.getLayer(0)).fused());
        Batch b = batch(3, 3, 2, 4, 6, false, "none");
        assertClose(dl4j.output(b.x), fused.output(b.x), "output");
        assertClose(dl4j.calculateGradients(b.x, b.y, null, null).getFirst().gradient(),
                fused.calculateGradients(b.x, b.y, null, null).getFirst().gradient(), "gradient");
    }
}
