package io.carousel.toolkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The vectorised float gates ({@link VectorGates}) against the scalar loop and against DL4J's own layer, in float
 * precision: outputs and gradients agree to float rounding. The test JVM runs with the Vector API module (see the
 * surefire argLine), so the vector path is what these networks use unless the property turns it off.
 */
class VectorGatesTest {

    @AfterEach
    void restore() {
        System.clearProperty(VectorSupport.PROPERTY);
    }

    private static MultiLayerNetwork network(String impl, boolean peepholes, boolean bidirectional, boolean atLast,
                                             int nIn, int units, int nOut) {
        System.setProperty(VectorSupport.PROPERTY, Boolean.toString(impl.equals("vector")));
        Layer layer;
        if (peepholes) {
            GravesLSTM l = new GravesLSTM.Builder().nOut(units).activation(Activation.TANH).build();
            layer = impl.equals("dl4j") ? l : FusedGravesLstm.of(l);
        } else {
            LSTM l = new LSTM.Builder().nOut(units).activation(Activation.TANH).forgetGateBiasInit(2).build();
            layer = impl.equals("dl4j") ? l : FusedLstm.of(l);
        }
        if (bidirectional) {
            layer = new Bidirectional(Bidirectional.Mode.CONCAT, layer);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).updater(new NoOp()).list()
                .layer(atLast ? new LastTimeStep(layer) : layer)
                .layer(atLast
                        ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(nOut).build()
                        : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(nOut).build())
                .setInputType(InputType.recurrent(nIn)).build());
        net.init();
        return net;
    }

    /** Elementwise |a - b| <= 1e-4 * (|a| + |b|) + 1e-5 * the largest magnitude in {@code expected}. */
    private static void assertCloseInFloat(INDArray expected, INDArray actual, String what) {
        float[] e = expected.dup().data().asFloat();
        float[] a = actual.dup().data().asFloat();
        assertEquals(e.length, a.length, what);
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            double bound = 1e-4 * (Math.abs(e[i]) + Math.abs(a[i])) + 1e-5 * scale;
            assertTrue(Math.abs(e[i] - a[i]) <= bound, what + "[" + i + "]: " + e[i] + " vs " + a[i]);
        }
    }

    /** Up to {@link VectorGates#MAX_PROJECTED_INPUTS} inputs each step projects its own; beyond, one product does. */
    @ParameterizedTest(name = "units {0}, peepholes {1}, bidirectional {2}, at last {3}, masked {4}, inputs {5}")
    @CsvSource({
            "16, false, false, true, false, 3",
            "7, false, false, false, true, 3",
            "40, false, false, true, true, 3",
            "9, true, false, false, true, 3",
            "16, true, true, true, false, 3",
            "21, false, true, false, true, 3",
            "12, false, false, false, true, 24",
            "19, true, false, true, false, 17",
    })
    void vectorGatesMatchScalarAndDl4j(int units, boolean peepholes, boolean bidirectional, boolean atLast,
                                       boolean masked, int nIn) {
        assertTrue(VectorSupport.available(), "tests run with " + VectorSupport.JVM_OPTION);
        int nOut = 2;
        int batch = 5;
        int steps = 11;
        Random random = new Random(units);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn, steps).subi(0.5).muli(4);
        INDArray y = atLast ? Nd4j.rand(DataType.FLOAT, batch, nOut) : Nd4j.rand(DataType.FLOAT, batch, nOut, steps);
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.zeros(DataType.FLOAT, batch, steps);
            for (int b = 0; b < batch; b++) {
                int length = b == 0 ? steps : 1 + random.nextInt(steps);
                for (int t = 0; t < length; t++) {
                    mask.putScalar(b, t, 1f);
                }
            }
        }
        INDArray labelMask = atLast ? null : mask;
        MultiLayerNetwork dl4j = network("dl4j", peepholes, bidirectional, atLast, nIn, units, nOut);
        MultiLayerNetwork scalar = network("scalar", peepholes, bidirectional, atLast, nIn, units, nOut);
        MultiLayerNetwork vector = network("vector", peepholes, bidirectional, atLast, nIn, units, nOut);
        if (!bidirectional) {
            assertEquals(false, fusedLayer(scalar).vectorised());
            assertEquals(true, fusedLayer(vector).vectorised());
        }
        scalar.setParams(dl4j.params().dup());
        vector.setParams(dl4j.params().dup());
        INDArray[] outputs = new INDArray[3];
        INDArray[] gradients = new INDArray[3];
        MultiLayerNetwork[] nets = {dl4j, scalar, vector};
        for (int i = 0; i < 3; i++) {
            outputs[i] = nets[i].output(x, false, mask, labelMask);
            nets[i].setInput(x);
            nets[i].setLabels(y);
            nets[i].setLayerMaskArrays(mask, labelMask);
            nets[i].computeGradientAndScore();
            gradients[i] = nets[i].gradient().gradient().dup();
        }
        assertCloseInFloat(outputs[1], outputs[2], "vector vs scalar output");
        assertCloseInFloat(gradients[1], gradients[2], "vector vs scalar gradient");
        assertCloseInFloat(outputs[0], outputs[2], "vector vs DL4J output");
        if (!(atLast && (bidirectional && masked))) {
            // (DL4J's gradient is off with output at the last step and padding in front: see FusedLstmTest.)
            assertCloseInFloat(gradients[0], gradients[2], "vector vs DL4J gradient");
        }
    }

    private static FusedLstmLayer fusedLayer(MultiLayerNetwork net) {
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        if (layer instanceof org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer w) {
            layer = w.getUnderlying();
        }
        return (FusedLstmLayer) layer;
    }

    /**
     * Same seed, same result in parallel: two identical networks trained at the same time in two threads end bit for
     * bit where one trained alone does (no state shared between layers; the formulas' determinism itself is
     * {@link VectorExpTest}'s).
     */
    @Test
    void trainingIsDeterministicAcrossThreads() throws Exception {
        io.carousel.tasks.hs97.AddingProblem task = new io.carousel.tasks.hs97.AddingProblem(20);
        java.util.function.Supplier<MultiLayerNetwork> make = () -> {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                    .dataType(DataType.FLOAT).updater(new org.nd4j.linalg.learning.config.Adam(0.01)).list()
                    .layer(new LastTimeStep(FusedLstm.of(new LSTM.Builder().nOut(16).activation(Activation.TANH)
                            .build())))
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.SIGMOID)
                            .nOut(1).build())
                    .setInputType(InputType.recurrent(2)).build());
            net.init();
            return net;
        };
        java.util.function.Function<MultiLayerNetwork, INDArray> train = net -> {
            for (int i = 0; i < 60; i++) {
                net.fit(task.batch(16, i));
            }
            return net.params().dup();
        };
        INDArray alone = train.apply(make.get());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> train.apply(make.get()));
            var b = pool.submit(() -> train.apply(make.get()));
            assertEquals(alone, a.get(), "thread 1");
            assertEquals(alone, b.get(), "thread 2");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void propertyTurnsTheVectorPathOff() {
        System.setProperty(VectorSupport.PROPERTY, "false");
        assertTrue(!VectorSupport.enabled());
        assertTrue(VectorSupport.describe().contains("scalar"), VectorSupport.describe());
        System.clearProperty(VectorSupport.PROPERTY);
        assertTrue(VectorSupport.enabled());
        assertTrue(VectorSupport.describe().contains("vectorised"), VectorSupport.describe());
    }
}
