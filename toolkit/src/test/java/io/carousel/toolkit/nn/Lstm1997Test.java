package io.carousel.toolkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.Task;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.model.NetworkFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
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
 * The 1997 LSTM layer against a plain-loop reference of the paper's equations (section 4) and against finite
 * differences, in double precision, with and without padding; and its parameters, state, serialisation, learning and
 * configuration.
 */
@ExtendWith(DoublePrecision.class)
class Lstm1997Test {

    // ------------------------------------------------------------------------------------------------ fixtures

    private static Lstm1997 cell(int units) {
        return new Lstm1997.Builder().nOut(units).inputGateBiasInit(-0.5).outputGateBiasInit(0.5).build();
    }

    private static Layer bidirectional(Layer inner) {
        return new Bidirectional(Bidirectional.Mode.CONCAT, inner);
    }

    /** {@code recurrent} then an identity output layer, at the last step or at every step. */
    private static MultiLayerNetwork network(Layer recurrent, boolean atLast, int nIn, int nOut, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).dataType(type).updater(new NoOp()).list()
                .layer(atLast ? new LastTimeStep(recurrent) : recurrent)
                .layer(outputLayer(atLast, nOut))
                .setInputType(InputType.recurrent(nIn)).build());
        net.init();
        return net;
    }

    private static Layer outputLayer(boolean atLast, int nOut) {
        return atLast
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(nOut)
                .build()
                : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nOut(nOut).build();
    }

    /** Every parameter drawn uniformly from [-1, 1]: biases too, so that no gate sits at its initial value. */
    private static void randomiseParams(MultiLayerNetwork net, long seed) {
        Random random = new Random(seed);
        double[] values = new double[(int) net.numParams()];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        net.setParams(Nd4j.create(values, new long[] {1, values.length}, net.params().dataType()));
    }

    private record Batch(INDArray x, INDArray y, INDArray mask) {
        INDArray labelMask(boolean atLast) {
            return atLast ? null : mask;
        }

        DataSet dataSet(boolean atLast) {
            return new DataSet(x, y, mask, labelMask(atLast));
        }
    }

    /** Random inputs in [-2, 2], also in the padding (which must not matter), and random labels. */
    private static Batch batch(long seed, int nIn, int nOut, int batch, int steps, boolean atLast, String masks) {
        Random random = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, batch, nIn, steps);
        for (int i = 0; i < x.length(); i++) {
            x.putScalar(i, 4 * random.nextDouble() - 2);
        }
        INDArray y = atLast ? Nd4j.create(DataType.DOUBLE, batch, nOut) : Nd4j.create(DataType.DOUBLE, batch, nOut,
                steps);
        for (int i = 0; i < y.length(); i++) {
            y.putScalar(i, random.nextDouble());
        }
        INDArray mask = switch (masks) {
            case "none" -> null;
            case "trailing" -> LayerFixtures.lengthsMask(random, batch, steps, false);
            case "leading" -> LayerFixtures.lengthsMask(random, batch, steps, true);
            default -> throw new IllegalArgumentException(masks);
        };
        return new Batch(x, y, mask);
    }

    // ------------------------------------------------------------------------------------------------ reference

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * The paper's equations one element at a time: outputs {@code [batch, n, steps]} of a cell with input weights
     * {@code w [nIn, 3n]}, recurrent weights {@code rw [n, 3n]} and bias {@code b [1, 3n]} (blocks: input gate,
     * output gate, cell input). A masked step outputs 0 and leaves the zero state behind, as DL4J's LSTM does.
     */
    static double[][][] reference(INDArray w, INDArray rw, INDArray b, INDArray x, INDArray mask) {
        int batch = (int) x.size(0);
        int nIn = (int) x.size(1);
        int steps = (int) x.size(2);
        int n = (int) rw.size(0);
        double[][][] out = new double[batch][n][steps];
        for (int s = 0; s < batch; s++) {
            double[] cell = new double[n];
            double[] y = new double[n];
            for (int t = 0; t < steps; t++) {
                double m = mask == null ? 1 : mask.getDouble(s, t);
                double[] nextCell = new double[n];
                double[] nextY = new double[n];
                for (int j = 0; j < n; j++) {
                    double[] z = new double[3];
                    for (int block = 0; block < 3; block++) {
                        int col = block * n + j;
                        double sum = b.getDouble(0, col);
                        for (int k = 0; k < nIn; k++) {
                            sum += w.getDouble(k, col) * x.getDouble(s, k, t);
                        }
                        for (int l = 0; l < n; l++) {
                            sum += rw.getDouble(l, col) * y[l];
                        }
                        z[block] = sum;
                    }
                    double inputGate = sigmoid(z[0]);
                    double outputGate = sigmoid(z[1]);
                    double cellInput = 4 * sigmoid(z[2]) - 2;
                    double state = cell[j] + inputGate * cellInput;
                    nextCell[j] = m * state;
                    nextY[j] = m * outputGate * (2 * sigmoid(state) - 1);
                }
                cell = nextCell;
                y = nextY;
                for (int j = 0; j < n; j++) {
                    out[s][j][t] = y[j];
                }
            }
        }
        return out;
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        double scale = Math.max(1e-3, Math.max(Math.abs(expected), Math.abs(actual)));
        assertTrue(Math.abs(expected - actual) <= tolerance * scale,
                what + ": expected " + expected + ", got " + actual);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.dup('c').data().asDouble();
        double[] a = actual.dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            assertClose(e[i], a[i], tolerance, what + " [" + i + "]");
        }
    }

    private static INDArray layerOutput(MultiLayerNetwork net, Batch b) {
        return net.feedForward(b.x, b.mask, null).get(1);
    }

    // ------------------------------------------------------------------------------------------------ forward

    @ParameterizedTest(name = "nIn {0}, units {1}, batch {2}, steps {3}, at last {4}, masks {5}")
    @CsvSource({
            "2, 5, 4, 9, false, none",
            "2, 5, 4, 9, true, none",
            "3, 7, 5, 13, false, trailing",
            "3, 7, 5, 13, true, trailing",
            "3, 6, 6, 11, false, leading",
            "3, 6, 6, 11, true, leading",
            "1, 1, 1, 1, false, none",
            "4, 3, 2, 30, true, trailing",
    })
    void forwardMatchesThePapersEquations(int nIn, int units, int batch, int steps, boolean atLast, String masks) {
        MultiLayerNetwork net = network(cell(units), atLast, nIn, 2, DataType.DOUBLE);
        randomiseParams(net, 100 + units);
        Batch b = batch(units * 7L + steps, nIn, 2, batch, steps, atLast, masks);
        double[][][] expected = reference(net.getParam("0_W"), net.getParam("0_RW"), net.getParam("0_b"), b.x,
                b.mask);
        INDArray out = layerOutput(net, b);
        for (int s = 0; s < batch; s++) {
            // LastTimeStep reads the last unmasked step: the last step itself unless the sequence ends early.
            int last = steps - 1;
            while (atLast && b.mask != null && b.mask.getDouble(s, last) == 0) {
                last--;
            }
            for (int j = 0; j < units; j++) {
                if (atLast) {
                    assertClose(expected[s][j][last], out.getDouble(s, j), 1e-12, "sequence " + s + " unit " + j);
                } else {
                    for (int t = 0; t < steps; t++) {
                        assertClose(expected[s][j][t], out.getDouble(s, j, t), 1e-12,
                                "sequence " + s + " unit " + j + " step " + t);
                    }
                }
            }
        }
    }

    @Test
    void paddingDoesNotReachTheRealSteps() {
        // Leading padding: the state at a sequence's first real step is the zero state, whatever the padding held.
        MultiLayerNetwork net = network(cell(4), false, 2, 1, DataType.DOUBLE);
        randomiseParams(net, 5);
        Batch padded = batch(3, 2, 1, 3, 8, false, "leading");
        INDArray out = layerOutput(net, padded);
        for (int s = 0; s < 3; s++) {
            int first = 0;
            while (padded.mask.getDouble(s, first) == 0) {
                first++;
            }
            INDArray alone = padded.x.get(NDArrayIndex.interval(s, s + 1), NDArrayIndex.all(),
                    NDArrayIndex.interval(first, 8)).dup();
            INDArray expected = net.feedForward(alone, false).get(1);
            INDArray actual = out.get(NDArrayIndex.interval(s, s + 1), NDArrayIndex.all(),
                    NDArrayIndex.interval(first, 8));
            assertClose(expected, actual, 1e-12, "sequence " + s);
            for (int t = 0; t < first; t++) {
                assertEquals(0.0, out.get(NDArrayIndex.point(s), NDArrayIndex.all(), NDArrayIndex.point(t))
                        .amaxNumber().doubleValue(), "padded step " + t + " outputs 0");
            }
        }
    }

    @Test
    void floatAgreesWithDouble() {
        for (boolean atLast : new boolean[] {false, true}) {
            MultiLayerNetwork d = network(cell(6), atLast, 3, 2, DataType.DOUBLE);
            MultiLayerNetwork f = network(cell(6), atLast, 3, 2, DataType.FLOAT);
            randomiseParams(d, 8);
            f.setParams(d.params().castTo(DataType.FLOAT));
            Batch b = batch(4, 3, 2, 5, 40, atLast, "trailing");
            Batch bf = new Batch(b.x.castTo(DataType.FLOAT), b.y.castTo(DataType.FLOAT),
                    b.mask.castTo(DataType.FLOAT));
            assertClose(d.output(b.x, false, b.mask, null), f.output(bf.x, false, bf.mask, null).castTo(
                    DataType.DOUBLE), 1e-4, "float output");
            for (var pair : List.of(new Object[] {d, b}, new Object[] {f, bf})) {
                MultiLayerNetwork net = (MultiLayerNetwork) pair[0];
                Batch batch = (Batch) pair[1];
                net.setInput(batch.x);
                net.setLabels(batch.y);
                net.setLayerMaskArrays(batch.mask, batch.labelMask(atLast));
                net.computeGradientAndScore();
            }
            assertClose(d.gradient().gradient(), f.gradient().gradient().castTo(DataType.DOUBLE), 1e-3,
                    "float gradient");
        }
    }

    @Test
    void nwcLayoutGivesTheSameOutputs() {
        Lstm1997 ncw = cell(5);
        Lstm1997 nwc = new Lstm1997.Builder().nOut(5).dataFormat(RNNFormat.NWC).build();
        MultiLayerNetwork a = network(ncw, false, 3, 2, DataType.DOUBLE);
        MultiLayerNetwork c = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(nwc)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .dataFormat(RNNFormat.NWC).nOut(2).build())
                .setInputType(InputType.recurrent(3, RNNFormat.NWC)).build());
        c.init();
        randomiseParams(a, 12);
        c.setParams(a.params().dup());
        Batch b = batch(12, 3, 2, 4, 7, false, "none");
        assertClose(a.output(b.x), c.output(b.x.permute(0, 2, 1).dup()).permute(0, 2, 1), 1e-12, "NWC output");
    }

    // ------------------------------------------------------------------------------------------------ gradients

    /**
     * Central differences of the score w.r.t. every input element, against the network's input gradient. DL4J's
     * score is the mean over the minibatch, its input gradient that of the sum: the differences are scaled to match.
     */
    private static void assertInputGradientMatchesFiniteDifferences(MultiLayerNetwork net, Batch b, boolean atLast) {
        INDArray x = b.x.dup('c');
        // DL4J 1.0.0-M2.1's calculateGradients passes the network's mask field as the feature mask and its fMask
        // argument as the label mask, so the feature mask goes in that field.
        net.setMask(b.mask);
        Pair<Gradient, INDArray> analytic = net.calculateGradients(x, b.y, null, b.labelMask(atLast));
        net.setMask(null);
        INDArray dx = analytic.getSecond();
        long batch = x.size(0);
        DataSet ds = new DataSet(x, b.y, b.mask, b.labelMask(atLast));
        double h = 1e-5; // the score is a sum of order 1: smaller steps drown the difference in rounding
        for (long i = 0; i < x.length(); i++) {
            double v = x.getDouble(i);
            x.putScalar(i, v + h);
            double up = net.score(ds, false);
            x.putScalar(i, v - h);
            double down = net.score(ds, false);
            x.putScalar(i, v);
            double numeric = batch * (up - down) / (2 * h);
            long[] at = org.nd4j.linalg.api.shape.Shape.ind2subC(x, i);
            double got = dx.getDouble(at);
            double error = Math.abs(numeric - got);
            assertTrue(error < 1e-8 || error / Math.max(Math.abs(numeric), Math.abs(got)) < 1e-5,
                    "input gradient at " + java.util.Arrays.toString(at) + ": finite differences " + numeric
                            + ", layer " + got);
        }
    }

    private static void assertGradientsMatchFiniteDifferences(MultiLayerNetwork net, Batch b, boolean atLast) {
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(b.x)
                .labels(b.y).inputMask(b.mask).labelMask(b.labelMask(atLast)).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "finite differences disagree with the parameter gradients");
        assertInputGradientMatchesFiniteDifferences(net, b, atLast);
    }

    @ParameterizedTest(name = "bidirectional {0}, masks {1}, at last {2}")
    @CsvSource({
            "false, none, false", "false, none, true",
            "false, trailing, false", "false, trailing, true",
            "false, leading, false", "false, leading, true",
            "true, none, true", "true, trailing, false", "true, trailing, true", "true, leading, true",
    })
    void gradientsMatchFiniteDifferences(boolean bidirectional, String masks, boolean atLast) {
        Layer layer = bidirectional ? bidirectional(cell(4)) : cell(4);
        MultiLayerNetwork net = network(layer, atLast, 3, 2, DataType.DOUBLE);
        randomiseParams(net, 17);
        assertGradientsMatchFiniteDifferences(net, batch(11, 3, 2, 4, 7, atLast, masks), atLast);
    }

    @ParameterizedTest(name = "masks {0}, at last {1}")
    @CsvSource({"trailing, true", "leading, false", "none, false"})
    void stackedGradientsMatchFiniteDifferences(String masks, boolean atLast) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(cell(5))
                .layer(atLast ? new LastTimeStep(cell(3)) : cell(3))
                .layer(outputLayer(atLast, 2))
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        randomiseParams(net, 23);
        assertGradientsMatchFiniteDifferences(net, batch(29, 2, 2, 3, 8, atLast, masks), atLast);
    }

    @Test
    void sameInputsGiveBitIdenticalResults() {
        Batch b = batch(31, 3, 2, 6, 25, false, "trailing");
        INDArray[] outputs = new INDArray[2];
        INDArray[] gradients = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            MultiLayerNetwork net = network(cell(8), false, 3, 2, DataType.FLOAT);
            randomiseParams(net, 1);
            Batch f = new Batch(b.x.castTo(DataType.FLOAT), b.y.castTo(DataType.FLOAT),
                    b.mask.castTo(DataType.FLOAT));
            net.output(f.x, false, f.mask, f.mask); // a pass in between must not leave anything behind
            outputs[i] = net.output(f.x, false, f.mask, f.mask);
            net.setInput(f.x);
            net.setLabels(f.y);
            net.setLayerMaskArrays(f.mask, f.mask);
            net.computeGradientAndScore();
            gradients[i] = net.gradient().gradient().dup();
        }
        assertEquals(outputs[0], outputs[1]);
        assertEquals(gradients[0], gradients[1]);
    }

    // ------------------------------------------------------------------------------------------------ parameters

    @ParameterizedTest(name = "nIn {0}, units {1}")
    @CsvSource({"1, 1", "3, 4", "7, 16"})
    void hasThePapersParameterCount(int nIn, int units) {
        MultiLayerNetwork net = network(cell(units), false, nIn, 1, DataType.DOUBLE);
        assertEquals(3L * units * (nIn + units + 1), net.getLayer(0).numParams());
        assertArrayEquals(new long[] {nIn, 3L * units}, net.getParam("0_W").shape());
        assertArrayEquals(new long[] {units, 3L * units}, net.getParam("0_RW").shape());
        assertArrayEquals(new long[] {1, 3L * units}, net.getParam("0_b").shape());
    }

    @Test
    void gateBiasesStartAsConfigured() {
        Lstm1997 config = new Lstm1997.Builder().nOut(3).inputGateBiasInit(-1.5).outputGateBiasInit(-2.5).build();
        MultiLayerNetwork net = network(config, true, 2, 1, DataType.DOUBLE);
        assertArrayEquals(new double[] {-1.5, -1.5, -1.5, -2.5, -2.5, -2.5, 0, 0, 0},
                net.getParam("0_b").toDoubleVector());
        MultiLayerNetwork both = network(bidirectional(config), true, 2, 1, DataType.DOUBLE);
        for (String key : List.of("0_fb", "0_bb")) {
            assertArrayEquals(new double[] {-1.5, -1.5, -1.5, -2.5, -2.5, -2.5, 0, 0, 0},
                    both.getParam(key).toDoubleVector(), key);
        }
        assertTrue(net.getParam("0_W").amaxNumber().doubleValue() > 0, "weights follow the weight init");
    }

    // ------------------------------------------------------------------------------------------------ state, I/O

    @Test
    void stepByStepMatchesWholeSequence() {
        MultiLayerNetwork net = network(cell(6), false, 2, 3, DataType.DOUBLE);
        randomiseParams(net, 9);
        INDArray x = batch(8, 2, 3, 4, 10, false, "none").x;
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        int[][] chunks = {{0, 1}, {1, 2}, {2, 5}, {5, 6}, {6, 10}};
        for (int[] c : chunks) {
            INDArray part = net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(c[0], c[1])));
            assertClose(whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(c[0], c[1])), part,
                    1e-12, "steps " + c[0] + ".." + c[1]);
        }
        assertArrayEquals(new long[] {4, 6},
                net.rnnGetPreviousState(0).get(Lstm1997Layer.PREV_CELL).shape(), "cell state kept");
        net.rnnClearPreviousState();
        assertClose(whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 1)),
                net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 1))), 1e-12,
                "after clearing the state");
    }

    @Test
    void savesAndRestoresWithModelSerializer() throws Exception {
        MultiLayerNetwork net = network(bidirectional(new Lstm1997.Builder().nOut(4).inputGateBiasInit(-1)
                .outputGateBiasInit(-2).build()), true, 3, 2, DataType.DOUBLE);
        randomiseParams(net, 21);
        Batch b = batch(21, 3, 2, 4, 6, true, "trailing");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        Layer inner = ((Bidirectional) ((LastTimeStep) restored.getLayerWiseConfigurations().getConf(0).getLayer())
                .getUnderlying()).getFwd();
        Lstm1997 cell = assertInstanceOf(Lstm1997.class, inner);
        assertEquals(-1.0, cell.getInputGateBiasInit());
        assertEquals(-2.0, cell.getOutputGateBiasInit());
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(net.output(b.x, false, b.mask, null), restored.output(b.x, false, b.mask, null));
        assertEquals(net.getLayerWiseConfigurations(), MultiLayerConfiguration.fromJson(
                net.getLayerWiseConfigurations().toJson()), "JSON round trip");
    }

    @Test
    void truncatedBackpropIsRefusedClearly() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(cell(3))
                .layer(outputLayer(false, 1))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(4)
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        Batch b = batch(1, 2, 1, 2, 8, false, "none");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> net.fit(new DataSet(b.x, b.y)));
        assertTrue(e.getMessage().contains("truncated BPTT"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ learning

    /**
     * The paper's kind of problem in miniature: a value in [-1, 1] shown at step 0, then zeros for {@code lag}
     * steps; the target is that value at the last step. Predicting the mean scores the variance, 1/3; a cell that
     * stores the value and keeps its input gate shut does a hundred times better.
     */
    @Test
    void learnsToRecallAValueAcrossALongLag() {
        final int lag = 20;
        final int batch = 32;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.FLOAT).updater(new Adam(0.02)).list()
                .layer(new LastTimeStep(new Lstm1997.Builder().nOut(4).inputGateBiasInit(-1)
                        .outputGateBiasInit(-1).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(1)).build());
        net.init();
        Random random = new Random(7);
        java.util.function.Supplier<DataSet> sample = () -> {
            INDArray x = Nd4j.zeros(DataType.FLOAT, batch, 1, lag + 1);
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 1);
            for (int s = 0; s < batch; s++) {
                double v = 2 * random.nextDouble() - 1;
                x.putScalar(s, 0, 0, v);
                y.putScalar(s, 0, v);
            }
            return new DataSet(x, y);
        };
        DataSet test = sample.get();
        double before = net.score(test);
        long start = System.nanoTime();
        for (int i = 0; i < 600; i++) {
            net.fit(sample.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = net.score(test);
        double trivial = 1.0 / 3; // the variance of the value: the score of always predicting its mean, 0
        assertTrue(after < 0.01 * trivial, "loss " + before + " -> " + after + " (trivial predictor " + trivial
                + ") in " + seconds + " s");
    }

    // ------------------------------------------------------------------------------------------------ config

    @Test
    void configTypeBuildsTheLayer() throws Exception {
        ExperimentConfig c = ConfigLoader.parse("""
                task: {type: adding, length: 12}
                model:
                  layers:
                    - {type: lstm_1997, units: 5, input_gate_bias: -2.0}
                    - {type: bidirectional, layer: {type: lstm_1997, units: 3, dropout: 0.1}}
                training: {batch_size: 8}
                """, "test.yaml", "test", List.of());
        Task task = c.task().create(c.seed());
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, c.seed());
        Lstm1997 first = assertInstanceOf(Lstm1997.class, net.getLayerWiseConfigurations().getConf(0).getLayer());
        assertEquals(-2.0, first.getInputGateBiasInit());
        assertEquals(-1.0, first.getOutputGateBiasInit(), "default output_gate_bias");
        Bidirectional bi = assertInstanceOf(Bidirectional.class,
                ((LastTimeStep) net.getLayerWiseConfigurations().getConf(1).getLayer()).getUnderlying());
        assertInstanceOf(Lstm1997.class, bi.getFwd());
        assertEquals(3L * 5 * (task.inputSize() + 5 + 1), net.getLayer(0).numParams());
        assertArrayEquals(new float[] {-2, -2, -2, -2, -2, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0},
                net.getParam("0_b").toFloatVector());
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(task.batch(8, i));
            assertTrue(Double.isFinite(net.score()), "finite loss");
        }
        assertTrue(!before.equals(net.params()), "training changed the parameters");
    }
}
