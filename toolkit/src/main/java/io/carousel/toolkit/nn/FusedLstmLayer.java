package io.carousel.toolkit.nn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.AbstractLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelpers;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer behind {@link FusedLstm} and {@link FusedGravesLstm}: DL4J's LSTM (with or without peepholes), same
 * parameters, same results, computed by {@link LstmKernel}.
 *
 * <p>Training reuses the forward pass: DL4J's own LSTM runs the forward pass a second time inside
 * {@code backpropGradient}; this layer keeps the gates of the training forward pass and back-propagates through them
 * (it re-runs the forward pass only if the input changed in between).
 *
 * <p>Where the kernel does not apply it falls back to DL4J's own implementation ({@code LSTMHelpers}): on a non-CPU
 * backend, with activations other than tanh and sigmoid gates, in precisions other than float and double, and for
 * truncated back-propagation through time.
 */
public class FusedLstmLayer extends BaseRecurrentLayer<AbstractLSTM> {

    private static final String PREV_OUTPUT = "prevAct";
    private static final String PREV_CELL = "prevMem";

    private final boolean peepholes;
    /** Float gates on the Vector API (decided when the layer is made: see {@link VectorSupport}). */
    private final boolean vectorise;
    private LstmKernel kernel;
    /** The input whose training forward pass the kernel holds, or null. */
    private INDArray heldInput;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.peepholes = conf.getLayer() instanceof GravesLSTM;
        this.vectorise = VectorSupport.enabled();
    }

    /** Whether float gates run on the Vector API in this layer. */
    boolean vectorised() {
        return vectorise;
    }

    /** Whether this configuration runs on the fused kernel here (else on DL4J's implementation). */
    public boolean fused() {
        AbstractLSTM c = layerConf();
        return Nd4j.getEnvironment().isCPU()
                && c.getActivationFn() instanceof ActivationTanH
                && c.getGateActivationFn() instanceof ActivationSigmoid
                && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE);
    }

    /** How many times this layer allocated its native scratch (see {@link LstmKernel#reservations()}). */
    int scratchAllocations() {
        return kernel == null ? 0 : kernel.reservations();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!fused()) {
            return dl4jBackprop(epsilon, false, -1, workspaceMgr);
        }
        if (heldInput != input) {
            forward(true, null, null, workspaceMgr);
        }
        INDArray in = permuteIfNWC(input);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray dw = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray drw = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        // C order: the kernel then writes each sequence's input gradient with one product (see LstmKernel).
        INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, w.dataType(), in.shape(), 'c');
        kernel.backward(permuteIfNWC(epsilon), w, rw, dw, drw, db, epsOut);
        heldInput = null;
        weightNoiseParams.clear();

        Gradient gradient = LayerConfigs.lstmGradient(dw, drw, db);
        return new Pair<>(gradient, permuteIfNWC(backpropDropOutIfPresent(epsOut)));
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray h0 = stateMap.get(PREV_OUTPUT);
        INDArray c0 = stateMap.get(PREV_CELL);
        if (!fused()) {
            FwdPassReturn pass = dl4jForward(false, h0, c0, false, workspaceMgr);
            stateMap.put(PREV_OUTPUT, pass.lastAct.detach());
            stateMap.put(PREV_CELL, pass.lastMemCell.detach());
            return permuteIfNWC(pass.fwdPassOutput);
        }
        INDArray out = forward(false, h0, c0, workspaceMgr);
        stateMap.put(PREV_OUTPUT, kernel.lastState(false));
        stateMap.put(PREV_CELL, kernel.lastState(true));
        return out;
    }

    /** Truncated BPTT runs on DL4J's implementation; Carousel's trainer does not use it. */
    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        FwdPassReturn pass = dl4jForward(training, tBpttStateMap.get(PREV_OUTPUT), tBpttStateMap.get(PREV_CELL),
                false, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(PREV_OUTPUT, pass.lastAct.detach());
            tBpttStateMap.put(PREV_CELL, pass.lastMemCell.detach());
        }
        return permuteIfNWC(pass.fwdPassOutput);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        return dl4jBackprop(epsilon, true, tbpttBackwardLength, workspaceMgr);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        // Like DL4J's LSTM: the mask passes through unchanged; it is applied inside the layer and by the output.
        return new Pair<>(maskArray, MaskState.Passthrough);
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Gradient gradient() {
        throw new UnsupportedOperationException("an LSTM layer cannot be pretrained on its own " + layerId());
    }

    private INDArray forward(boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        if (!fused()) {
            return permuteIfNWC(dl4jForward(training, h0, c0, false, workspaceMgr).fwdPassOutput);
        }
        INDArray in = permuteIfNWC(input);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        if (in.rank() != 3 || in.size(1) != w.size(0)) {
            throw new IllegalArgumentException("layer " + layerId() + " expects input [batch, " + w.size(0)
                    + ", steps], got " + java.util.Arrays.toString(in.shape()));
        }
        if (kernel == null) {
            kernel = new LstmKernel((int) w.size(0), (int) rw.size(0), peepholes, vectorise);
        }
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, w.dataType(),
                new long[] {in.size(0), rw.size(0), in.size(2)}, 'f');
        kernel.forward(in, w, rw, b, maskArray, h0, c0, out);
        heldInput = training ? input : null;
        return permuteIfNWC(out);
    }

    private FwdPassReturn dl4jForward(boolean training, INDArray h0, INDArray c0, boolean forBackprop,
                                      LayerWorkspaceMgr workspaceMgr) {
        return LSTMHelpers.activateHelper(this, conf, layerConf().getGateActivationFn(), permuteIfNWC(input),
                getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr),
                getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr),
                getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr), training, h0, c0,
                forBackprop, true, LSTMParamInitializer.INPUT_WEIGHT_KEY, maskArray, peepholes, null,
                CacheMode.NONE, workspaceMgr, true);
    }

    private Pair<Gradient, INDArray> dl4jBackprop(INDArray epsilon, boolean truncated, int backwardLength,
                                                  LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        FwdPassReturn pass = truncated
                ? dl4jForward(true, tBpttStateMap.get(PREV_OUTPUT), tBpttStateMap.get(PREV_CELL), true, workspaceMgr)
                : dl4jForward(true, null, null, true, workspaceMgr);
        if (truncated) {
            tBpttStateMap.put(PREV_OUTPUT, pass.lastAct.detach());
            tBpttStateMap.put(PREV_CELL, pass.lastMemCell.detach());
        }
        Pair<Gradient, INDArray> result = LSTMHelpers.backpropGradientHelper(this, conf,
                layerConf().getGateActivationFn(), permuteIfNWC(input),
                getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr),
                getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr),
                permuteIfNWC(epsilon), truncated, backwardLength, pass, true,
                LSTMParamInitializer.INPUT_WEIGHT_KEY, LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                LSTMParamInitializer.BIAS_KEY, gradientViews, null, peepholes, null, workspaceMgr, true);
        weightNoiseParams.clear();
        result.setSecond(permuteIfNWC(backpropDropOutIfPresent(result.getSecond())));
        return result;
    }
}
