package io.carousel.toolkit.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.params.SimpleRnnParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer behind {@link FusedSimpleRnn}: DL4J's {@code SimpleRnn}, same parameters, same results, computed by
 * {@link SimpleRnnKernel}. Training reuses the forward pass (DL4J's runs it again inside {@code backpropGradient}).
 *
 * <p>Where the kernel does not apply it is DL4J's layer, unchanged: on a non-CPU backend, with activations other than
 * tanh, with layer normalisation, in precisions other than float and double, and for truncated back-propagation
 * through time.
 */
public class FusedSimpleRnnLayer extends SimpleRnn {

    private SimpleRnnKernel kernel;
    /** The input whose training forward pass the kernel holds, or null. */
    private INDArray heldInput;

    public FusedSimpleRnnLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Whether this configuration runs on the fused kernel here (else on DL4J's implementation). */
    public boolean fused() {
        return Nd4j.getEnvironment().isCPU()
                && layerConf().getActivationFn() instanceof ActivationTanH
                && !hasLayerNorm()
                && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fused()) {
            return super.activate(training, workspaceMgr);
        }
        return forward(training, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fused()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        if (heldInput != input) {
            forward(true, null, workspaceMgr);
        }
        INDArray in = permuteIfNWC(input);
        INDArray w = getParamWithNoise(SimpleRnnParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray dw = gradientViews.get(SimpleRnnParamInitializer.WEIGHT_KEY);
        INDArray drw = gradientViews.get(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(SimpleRnnParamInitializer.BIAS_KEY);
        INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, w.dataType(), in.shape(), 'f');
        kernel.backward(permuteIfNWC(epsilon), w, rw, dw, drw, db, epsOut);
        heldInput = null;
        weightNoiseParams.clear();

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(SimpleRnnParamInitializer.WEIGHT_KEY, dw);
        gradient.gradientForVariable().put(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, drw);
        gradient.gradientForVariable().put(SimpleRnnParamInitializer.BIAS_KEY, db);
        return new Pair<>(gradient, permuteIfNWC(backpropDropOutIfPresent(epsOut)));
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        if (!fused()) {
            return super.rnnTimeStep(input, workspaceMgr);
        }
        setInput(input, workspaceMgr);
        INDArray out = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, kernel.lastState());
        return out;
    }

    private INDArray forward(boolean training, INDArray h0, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray in = permuteIfNWC(input.castTo(dataType));
        INDArray w = getParamWithNoise(SimpleRnnParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(SimpleRnnParamInitializer.BIAS_KEY, training, workspaceMgr);
        if (in.rank() != 3 || in.size(1) != w.size(0)) {
            throw new IllegalArgumentException("layer " + layerId() + " expects input [batch, " + w.size(0)
                    + ", steps], got " + java.util.Arrays.toString(in.shape()));
        }
        if (h0 != null && h0.size(0) != in.size(0)) {
            throw new IllegalStateException("layer " + layerId() + ": rnnTimeStep with a batch of " + in.size(0)
                    + " after one of " + h0.size(0) + "; call rnnClearPreviousState between batches");
        }
        if (kernel == null) {
            kernel = new SimpleRnnKernel((int) w.size(0), (int) rw.size(0));
        }
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, w.dataType(),
                new long[] {in.size(0), rw.size(0), in.size(2)}, 'f');
        kernel.forward(in, w, rw, b, maskArray, h0, out);
        heldInput = training ? input : null;
        return permuteIfNWC(out);
    }
}
