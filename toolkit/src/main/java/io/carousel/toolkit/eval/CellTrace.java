package io.carousel.toolkit.eval;

import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inside an LSTM layer of a trained network, step by step for one sequence: the three gates, the block input, the
 * cell state (the "constant error carousel") and the output, recomputed from the layer's weights with the
 * equations of DL4J's {@code LSTM} (forget gate included). Values are {@code [step][unit]}.
 *
 * @param blockInput a = tanh(...), what may be written into the cell
 * @param inputGate  g, how much of a is written
 * @param forgetGate f, how much of the cell is kept
 * @param outputGate o, how much of tanh(cell) is shown
 * @param cell       c[t] = f c[t-1] + g a
 * @param output     h[t] = o tanh(c[t])
 */
public record CellTrace(double[][] blockInput, double[][] inputGate, double[][] forgetGate, double[][] outputGate,
                        double[][] cell, double[][] output) {

    /**
     * Traces layer {@code layer} (an {@code lstm} with tanh and sigmoid gates) of {@code net} on the first sequence
     * of {@code features}.
     */
    public static CellTrace of(MultiLayerNetwork net, int layer, INDArray features) {
        org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayer(layer).conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer wrapper) {
            conf = wrapper.getUnderlying(); // the last LSTM of a network with its output at the last step
        }
        if (!(conf instanceof LSTM lstm)
                || !(lstm.getActivationFn() instanceof ActivationTanH)
                || !(lstm.getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("layer " + layer + " is not an lstm with tanh activation and sigmoid "
                    + "gates");
        }
        INDArray x = layer == 0 ? features : net.feedForwardToLayer(layer - 1, features, false).get(layer);
        INDArray w = net.getLayer(layer).getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray rw = net.getLayer(layer).getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray b = net.getLayer(layer).getParam(LSTMParamInitializer.BIAS_KEY).reshape(-1);
        int nIn = (int) w.size(0);
        int n = (int) rw.size(0);
        int steps = (int) x.size(2);
        double[][] a = new double[steps][n];
        double[][] g = new double[steps][n];
        double[][] f = new double[steps][n];
        double[][] o = new double[steps][n];
        double[][] c = new double[steps][n];
        double[][] h = new double[steps][n];
        double[] cPrev = new double[n];
        double[] hPrev = new double[n];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < n; j++) {
                double[] z = new double[4];
                for (int k = 0; k < 4; k++) {
                    double s = b.getDouble(k * n + j);
                    for (int i = 0; i < nIn; i++) {
                        s += x.getDouble(0, i, t) * w.getDouble(i, k * n + j);
                    }
                    for (int i = 0; i < n; i++) {
                        s += hPrev[i] * rw.getDouble(i, k * n + j);
                    }
                    z[k] = s;
                }
                a[t][j] = Math.tanh(z[0]);
                f[t][j] = sigmoid(z[1]);
                o[t][j] = sigmoid(z[2]);
                g[t][j] = sigmoid(z[3]);
                c[t][j] = f[t][j] * cPrev[j] + g[t][j] * a[t][j];
                h[t][j] = o[t][j] * Math.tanh(c[t][j]);
            }
            cPrev = c[t].clone();
            hPrev = h[t].clone();
        }
        return new CellTrace(a, g, f, o, c, h);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * The outputs of recurrent layer {@code layer} (any kind) at every step of the first sequence of {@code features},
     * {@code [step][unit]}, also for the last recurrent layer of a network whose output reads the last step only.
     */
    public static double[][] outputs(MultiLayerNetwork net, int layer, INDArray features) {
        INDArray x = layer == 0 ? features : net.feedForwardToLayer(layer - 1, features, false).get(layer);
        org.deeplearning4j.nn.api.Layer l = net.getLayer(layer);
        if (l instanceof org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer wrapper) {
            l = wrapper.getUnderlying();
        }
        INDArray h = l.activate(x, false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        double[][] out = new double[(int) h.size(2)][(int) h.size(1)];
        for (int t = 0; t < out.length; t++) {
            for (int j = 0; j < out[t].length; j++) {
                out[t][j] = h.getDouble(0, j, t);
            }
        }
        return out;
    }

    /** The series of unit {@code unit} in {@code values} ({@code [step][unit]}). */
    public static double[] unit(double[][] values, int unit) {
        double[] out = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            out[t] = values[t][unit];
        }
        return out;
    }
}
