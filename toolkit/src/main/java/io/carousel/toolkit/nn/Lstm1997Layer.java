package io.carousel.toolkit.nn;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer behind {@link Lstm1997}: the memory cell of Hochreiter &amp; Schmidhuber (1997), section 4 (input and
 * output gates, no forget gate, the constant error carousel), computed by {@link Lstm1997Kernel} and trained by full
 * back-propagation through time (the paper used a truncated RTRL).
 *
 * <p>Training reuses the forward pass: the gates of the training forward pass stay in the kernel and
 * {@link #backpropGradient} back-propagates through them (it re-runs the forward pass only if the input changed in
 * between).
 *
 * <p>A masked step outputs zeros and passes a zero state on, as in DL4J's LSTM; but where DL4J's LSTM sees the mask
 * only inside {@code LastTimeStep} or {@code Bidirectional}, this layer keeps the mask the network hands down in
 * {@link #feedForwardMaskArray}, so padding before or after a sequence never reaches its state in any stack.
 *
 * <p>Data in NCW or NWC layout, float or double, on ND4J's CPU backend (the kernel reads native memory). Truncated
 * back-propagation through time is not supported.
 */
public class Lstm1997Layer extends BaseRecurrentLayer<Lstm1997> {

    /** The state keys of DL4J's LSTM, so that {@code rnnGetPreviousState} reads the same. */
    static final String PREV_OUTPUT = "prevAct";
    static final String PREV_CELL = "prevMem";

    private Lstm1997Kernel kernel;
    /** The input whose training forward pass the kernel holds, or null. */
    private INDArray heldInput;

    public Lstm1997Layer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (heldInput != input) {
            forward(true, null, null, workspaceMgr);
        }
        INDArray in = permuteIfNWC(input);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray dw = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray drw = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, w.dataType(), in.shape(), 'f');
        kernel.backward(permuteIfNWC(epsilon), w, rw, dw, drw, db, epsOut);
        heldInput = null;
        weightNoiseParams.clear();

        Gradient gradient = LayerConfigs.lstmGradient(dw, drw, db);
        return new Pair<>(gradient, permuteIfNWC(backpropDropOutIfPresent(epsOut)));
    }

    /** Continues from the output and cell state the previous call left (zeros after {@code rnnClearPreviousState}). */
    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(false, stateMap.get(PREV_OUTPUT), stateMap.get(PREV_CELL), workspaceMgr);
        stateMap.put(PREV_OUTPUT, kernel.lastState(false));
        stateMap.put(PREV_CELL, kernel.lastState(true));
        return out;
    }

    /**
     * A forward pass from the stored truncated-BPTT state, for inference. Training with truncated BPTT is refused
     * here: DL4J's network calls this with {@code training} and {@code storeLastForTBPTT} set, then the ordinary
     * {@code backpropGradient}, which would not know about the stored state.
     */
    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        if (training && storeLastForTBPTT) {
            throw truncatedBpttUnsupported();
        }
        setInput(input, workspaceMgr);
        INDArray out = forward(false, tBpttStateMap.get(PREV_OUTPUT), tBpttStateMap.get(PREV_CELL), workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(PREV_OUTPUT, kernel.lastState(false));
            tBpttStateMap.put(PREV_CELL, kernel.lastState(true));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        throw truncatedBpttUnsupported();
    }

    private UnsupportedOperationException truncatedBpttUnsupported() {
        return new UnsupportedOperationException("the 1997 LSTM layer " + layerId() + " trains by full "
                + "back-propagation through time only; truncated BPTT (backpropType TruncatedBPTT) is not supported");
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        // Kept for the forward pass (DL4J's LSTM drops it here), and passed on unchanged, as DL4J's LSTM does.
        this.maskArray = maskArray;
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
        throw new UnsupportedOperationException("a recurrent layer cannot be pretrained on its own " + layerId());
    }

    private INDArray forward(boolean training, INDArray y0, INDArray s0, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (!Nd4j.getEnvironment().isCPU()) {
            throw new UnsupportedOperationException("the 1997 LSTM layer " + layerId() + " computes on ND4J's CPU "
                    + "backend only");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("the 1997 LSTM layer " + layerId() + " computes in float or double, "
                    + "not " + dataType);
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray in = permuteIfNWC(input);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        if (in.rank() != 3 || in.size(1) != w.size(0)) {
            throw new IllegalArgumentException("layer " + layerId() + " expects input [batch, " + w.size(0)
                    + ", steps] (" + layerConf().getRnnDataFormat() + "), got " + Arrays.toString(input.shape()));
        }
        if (in.dataType() != w.dataType()) {
            in = in.castTo(w.dataType());
        }
        if (kernel == null) {
            kernel = new Lstm1997Kernel((int) w.size(0), (int) rw.size(0));
        }
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, w.dataType(),
                new long[] {in.size(0), rw.size(0), in.size(2)}, 'f');
        kernel.forward(in, w, rw, b, maskArray, y0, s0, out);
        heldInput = training ? input : null;
        return permuteIfNWC(out);
    }
}
