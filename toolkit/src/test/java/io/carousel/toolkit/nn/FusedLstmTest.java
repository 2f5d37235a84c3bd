package io.carousel.toolkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.function.Function;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused layer against DL4J's own {@code LSTM} / {@code GravesLSTM}: same parameters in both, outputs, scores and
 * gradients compared in double precision, with and without masks, one way and both ways; and against finite
 * differences.
 */
@ExtendWith(DoublePrecision.class)
class FusedLstmTest {

    private static final double TOLERANCE = 1e-6;

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        LayerFixtures.assertClose(expected, actual, TOLERANCE, what);
    }

    /** One recurrent layer (as {@code build} makes it, given whether to fuse) then an output layer. */
    private static MultiLayerNetwork network(Function<Boolean, Layer> build, boolean fused, boolean atLast, int nIn,
                                             int nOut) {
        Layer recurrent = build.apply(fused);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(atLast ? new LastTimeStep(recurrent) : recurrent)
                .layer(atLast
                        ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(nOut).build()
                        : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(nOut).build())
                .setInputType(InputType.recurrent(nIn));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static Function<Boolean, Layer> lstm(int units) {
        return fused -> {
            LSTM lstm = new LSTM.Builder().nOut(units).activation(Activation.TANH).forgetGateBiasInit(1.5).build();
            return fused ? FusedLstm.of(lstm) : lstm;
        };
    }

    private static Function<Boolean, Layer> graves(int units) {
        return fused -> {
            GravesLSTM lstm = new GravesLSTM.Builder().nOut(units).activation(Activation.TANH).build();
            return fused ? FusedGravesLstm.of(lstm) : lstm;
        };
    }

    private static Function<Boolean, Layer> bidirectional(Function<Boolean, Layer> inner) {
        return fused -> new Bidirectional(Bidirectional.Mode.CONCAT, inner.apply(fused));
    }

    private record Batch(INDArray x, INDArray y, INDArray mask) {
        INDArray labelMask(boolean atLast) {
            return atLast ? null : mask;
        }
    }

    private static Batch batch(long seed, int nIn, int nOut, int batch, int steps, boolean atLast, String masks) {
        Random random = new Random(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, batch, nIn, steps).subi(0.5).muli(4);
        INDArray y = atLast ? Nd4j.rand(DataType.DOUBLE, batch, nOut) : Nd4j.rand(DataType.DOUBLE, batch, nOut, steps);
        INDArray mask = switch (masks) {
            case "none" -> null;
            case "trailing" -> LayerFixtures.lengthsMask(random, batch, steps, false);
            case "leading" -> LayerFixtures.lengthsMask(random, batch, steps, true);
            default -> throw new IllegalArgumentException(masks);
        };
        if (mask != null) {
            x.muli(mask.reshape(batch, 1, steps).broadcast(batch, nIn, steps));
        }
        return new Batch(x, y, mask);
    }

    /** Every fused layer in {@code net} runs on the kernel, not on its fallback to DL4J's implementation. */
    static void assertRunsFused(MultiLayerNetwork net) {
        int found = 0;
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            java.util.List<org.deeplearning4j.nn.api.Layer> inner = new java.util.ArrayList<>(java.util.List.of(layer));
            while (!inner.isEmpty()) {
                org.deeplearning4j.nn.api.Layer l = inner.remove(0);
                if (l instanceof org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer w) {
                    inner.add(w.getUnderlying());
                } else if (l instanceof org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer b) {
                    inner.add(LayerFixtures.direction(b, "fwd"));
                    inner.add(LayerFixtures.direction(b, "bwd"));
                } else if (l instanceof FusedLstmLayer f) {
                    assertTrue(f.fused(), "layer " + f.getIndex() + " fell back to DL4J's implementation");
                    found++;
                }
            }
        }
        assertTrue(found > 0, "no fused layer in the network");
    }

    /** Copies DL4J's parameters into the fused twin, then compares outputs, score and every gradient. */
    private static void assertSameAsDl4j(Function<Boolean, Layer> layer, boolean atLast, int nIn, int nOut, Batch b) {
        MultiLayerNetwork dl4j = network(layer, false, atLast, nIn, nOut);
        MultiLayerNetwork fused = network(layer, true, atLast, nIn, nOut);
        fused.setParams(dl4j.params().dup());
        assertRunsFused(fused);

        assertClose(dl4j.output(b.x, false, b.mask, b.labelMask(atLast)),
                fused.output(b.x, false, b.mask, b.labelMask(atLast)), "output");
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {dl4j, fused}) {
            net.setInput(b.x);
            net.setLabels(b.y);
            net.setLayerMaskArrays(b.mask, b.labelMask(atLast));
            net.computeGradientAndScore();
        }
        assertEquals(dl4j.score(), fused.score(), 1e-9 * Math.abs(dl4j.score()), "score");
        assertClose(dl4j.gradient().gradient(), fused.gradient().gradient(), "gradient");
    }

    /**
     * The input gradient, with the input in C order (the kernel multiplies each sequence in place) and in F order (it
     * copies the input into its scratch first): both as DL4J's.
     */
    @ParameterizedTest(name = "input order {0}, at last {1}")
    @CsvSource({"c, true", "c, false", "f, true", "f, false"})
    void inputGradientMatchesDl4jInBothOrders(char order, boolean atLast) {
        Batch b = batch(77, 6, 2, 5, 11, atLast, "none");
        INDArray x = b.x().dup(order);
        MultiLayerNetwork dl4j = network(lstm(7), false, atLast, 6, 2);
        MultiLayerNetwork fused = network(lstm(7), true, atLast, 6, 2);
        fused.setParams(dl4j.params().dup());
        INDArray expected = dl4j.calculateGradients(x, b.y(), null, null).getSecond();
        var actual = fused.calculateGradients(x, b.y(), null, null);
        assertRunsFused(fused);
        assertClose(expected, actual.getSecond(), "input gradient");
        assertClose(dl4j.calculateGradients(x, b.y(), null, null).getFirst().gradient(),
                actual.getFirst().gradient(), "parameter gradient");
    }

    @ParameterizedTest(name = "nIn {0}, units {1}, batch {2}, steps {3}, at last {4}, masks {5}")
    @CsvSource({
            "2, 16, 8, 10, true, none",
            "2, 16, 8, 10, false, none",
            "3, 7, 5, 13, true, trailing",
            "3, 7, 5, 13, false, trailing",
            "5, 32, 4, 20, true, trailing",
            "1, 1, 1, 1, false, none",
            "4, 9, 6, 1, true, none",
            "3, 8, 6, 9, false, leading",
    })
    void lstmMatchesDl4j(int nIn, int units, int batch, int steps, boolean atLast, String masks) {
        assertSameAsDl4j(lstm(units), atLast, nIn, 3, batch(nIn * 31L + units, nIn, 3, batch, steps, atLast, masks));
    }

    @ParameterizedTest(name = "nIn {0}, units {1}, batch {2}, steps {3}, at last {4}, masks {5}")
    @CsvSource({
            "2, 16, 8, 10, true, none",
            "3, 7, 5, 13, false, trailing",
            "5, 12, 3, 9, true, trailing",
    })
    void peepholeLstmMatchesDl4jGravesLstm(int nIn, int units, int batch, int steps, boolean atLast, String masks) {
        assertSameAsDl4j(graves(units), atLast, nIn, 2, batch(units, nIn, 2, batch, steps, atLast, masks));
    }

    @ParameterizedTest(name = "units {0}, at last {1}")
    @CsvSource({"6, false", "11, true"})
    void bidirectionalMatchesDl4j(int units, boolean atLast) {
        assertSameAsDl4j(bidirectional(lstm(units)), atLast, 3, 2, batch(units, 3, 2, 5, 8, atLast, "none"));
        assertSameAsDl4j(bidirectional(graves(units)), atLast, 3, 2, batch(units, 3, 2, 5, 8, atLast, "none"));
    }

    @Test
    void stackedLayersMatchDl4j() {
        Function<Boolean, Layer> first = lstm(10);
        NeuralNetConfiguration.ListBuilder[] lists = new NeuralNetConfiguration.ListBuilder[2];
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            boolean fused = i == 1;
            lists[i] = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new NoOp())
                    .list()
                    .layer(first.apply(fused))
                    .layer(graves(7).apply(fused))
                    .layer(new LastTimeStep(lstm(5).apply(fused)))
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                            .nOut(2).build())
                    .setInputType(InputType.recurrent(4));
            nets[i] = new MultiLayerNetwork(lists[i].build());
            nets[i].init();
        }
        nets[1].setParams(nets[0].params().dup());
        assertRunsFused(nets[1]);
        Batch b = batch(5, 4, 2, 6, 12, true, "trailing");
        for (MultiLayerNetwork net : nets) {
            net.setInput(b.x);
            net.setLabels(b.y);
            net.setLayerMaskArrays(b.mask, null);
            net.computeGradientAndScore();
        }
        assertClose(nets[0].gradient().gradient(), nets[1].gradient().gradient(), "stacked gradient");
    }

    @ParameterizedTest(name = "peepholes {0}, at last {1}, masks {2}")
    @CsvSource({"false, false, leading", "true, false, trailing", "false, false, trailing"})
    void bidirectionalWithPaddingMatchesDl4j(boolean peepholes, boolean atLast, String masks) {
        Function<Boolean, Layer> layer = bidirectional(peepholes ? graves(6) : lstm(6));
        assertSameAsDl4j(layer, atLast, 3, 2, batch(17, 3, 2, 5, 9, atLast, masks));
    }

    /**
     * Finite differences as a second witness, independent of DL4J's implementation: central differences of the
     * score against the fused gradient, with padding before and after the sequences, one way and both ways, output at
     * every step and at the last.
     *
     * <p>These also settle the one place where the fused layer and DL4J's disagree: output at the last step with
     * padding in front of the sequences (as the backward half of any padded bidirectional layer sees it). There DL4J's
     * LSTM gradient differs from finite differences, and the fused one agrees with them.
     */
    @ParameterizedTest(name = "peepholes {0}, bidirectional {1}, masks {2}, at last {3}")
    @CsvSource({"false, false, leading, false", "true, false, leading, false", "false, true, trailing, false",
            "true, true, leading, false", "true, true, trailing, false", "false, false, leading, true",
            "false, true, trailing, true", "true, true, leading, true"})
    void gradientMatchesFiniteDifferences(boolean peepholes, boolean bidirectional, String masks, boolean atLast) {
        Function<Boolean, Layer> layer = peepholes ? graves(5) : lstm(5);
        if (bidirectional) {
            layer = bidirectional(layer);
        }
        MultiLayerNetwork net = network(layer, true, atLast, 3, 2);
        Batch b = batch(11, 3, 2, 4, 7, atLast, masks);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(b.x)
                .labels(b.y).inputMask(b.mask).labelMask(b.labelMask(atLast)).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "finite differences disagree with the fused gradient");
    }

    @Test
    void forwardMatchesDl4jWithPaddingFirst() {
        Batch b = batch(13, 3, 2, 6, 9, false, "leading");
        MultiLayerNetwork dl4j = network(lstm(8), false, false, 3, 2);
        MultiLayerNetwork fused = network(lstm(8), true, false, 3, 2);
        fused.setParams(dl4j.params().dup());
        assertClose(dl4j.output(b.x, false, b.mask, b.mask), fused.output(b.x, false, b.mask, b.mask), "output");
    }

    @Test
    void trainsLikeDl4jWithAdam() {
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            Layer recurrent = lstm(12).apply(i == 1);
            nets[i] = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE)
                    .updater(new Adam(0.01)).list()
                    .layer(new LastTimeStep(recurrent))
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.SIGMOID)
                            .nOut(1).build())
                    .setInputType(InputType.recurrent(2)).build());
            nets[i].init();
        }
        nets[1].setParams(nets[0].params().dup());
        assertRunsFused(nets[1]);
        for (int step = 0; step < 20; step++) {
            Batch b = batch(100 + step, 2, 1, 16, 15, true, "trailing");
            for (MultiLayerNetwork net : nets) {
                net.fit(new org.nd4j.linalg.dataset.DataSet(b.x, b.y, b.mask, null));
            }
        }
        assertClose(nets[0].params(), nets[1].params(), "parameters after 20 Adam steps");
    }

    @Test
    void savesAndRestoresWithModelSerializer() throws Exception {
        MultiLayerNetwork net = network(bidirectional(graves(6)), true, true, 3, 2);
        Batch b = batch(21, 3, 2, 4, 5, true, "trailing");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        Layer inner = ((Bidirectional) ((LastTimeStep) restored.getLayerWiseConfigurations().getConf(0).getLayer())
                .getUnderlying()).getFwd();
        assertInstanceOf(FusedGravesLstm.class, inner);
        assertRunsFused(restored);
        assertClose(net.output(b.x, false, b.mask, null), restored.output(b.x, false, b.mask, null), "restored");
    }

    @Test
    void stepByStepMatchesWholeSequence() {
        MultiLayerNetwork net = network(lstm(7), true, false, 2, 3);
        assertRunsFused(net);
        INDArray x = batch(8, 2, 3, 4, 6, false, "none").x;
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray step = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)));
            assertClose(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)), step, "step " + t);
        }
    }
}
