package io.carousel.toolkit.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of an {@link Lstm1997} layer: three blocks of {@code n} columns (input gate, output gate, cell
 * input, in that order) in input weights {@code W [nIn, 3n]}, recurrent weights {@code RW [n, 3n]} and bias
 * {@code b [1, 3n]}, flattened in that order, the matrices column-major as DL4J stores them. That is
 * {@code 3n(nIn + n + 1)} parameters: the paper's cell without a forget gate (Hochreiter &amp; Schmidhuber 1997,
 * section 4). The keys are DL4J's LSTM keys, so wrappers and tools that know an LSTM's parameters find these.
 *
 * <p>Weights are initialised as DL4J's {@code LSTMParamInitializer} does (the layer's weight init, with fan-in
 * {@code n} and fan-out {@code nIn + n}; the recurrent weight init if one is set), so that {@code lstm} and
 * {@code lstm_1997} layers start on the same scale; the input- and output-gate biases from the configuration, the
 * cell-input biases at 0.
 */
public final class Lstm1997ParamInitializer implements ParamInitializer {

    /** Column blocks of {@code W}, {@code RW} and {@code b}, each {@code n} wide. */
    public static final int INPUT_GATE = 0;
    public static final int OUTPUT_GATE = 1;
    public static final int CELL_INPUT = 2;
    /** How many blocks: three, where an LSTM with a forget gate has four. */
    public static final int BLOCKS = 3;

    private static final Lstm1997ParamInitializer INSTANCE = new Lstm1997ParamInitializer();
    private static final List<String> PARAM_KEYS = List.of(LSTMParamInitializer.INPUT_WEIGHT_KEY,
            LSTMParamInitializer.RECURRENT_WEIGHT_KEY, LSTMParamInitializer.BIAS_KEY);
    private static final List<String> WEIGHT_KEYS = List.of(LSTMParamInitializer.INPUT_WEIGHT_KEY,
            LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    private static final List<String> BIAS_KEYS = List.of(LSTMParamInitializer.BIAS_KEY);

    private Lstm1997ParamInitializer() {
    }

    public static Lstm1997ParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        Lstm1997 c = (Lstm1997) layer;
        return BLOCKS * c.getNOut() * (c.getNIn() + c.getNOut() + 1);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return PARAM_KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHT_KEYS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return BIAS_KEYS;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEYS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return LSTMParamInitializer.BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Lstm1997 c = (Lstm1997) conf.getLayer();
        long n = c.getNOut();
        long nIn = c.getNIn();
        for (String key : PARAM_KEYS) {
            conf.addVariable(key);
        }
        Map<String, INDArray> views = split(c, paramsView);
        if (initializeParams) {
            IWeightInit init = c.getWeightInitFn();
            IWeightInit recurrentInit = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : init;
            long fanIn = n;
            long fanOut = nIn + n;
            views.put(LSTMParamInitializer.INPUT_WEIGHT_KEY, init.init(fanIn, fanOut, new long[] {nIn, BLOCKS * n},
                    IWeightInit.DEFAULT_WEIGHT_INIT_ORDER, views.get(LSTMParamInitializer.INPUT_WEIGHT_KEY)));
            views.put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, recurrentInit.init(fanIn, fanOut,
                    new long[] {n, BLOCKS * n}, IWeightInit.DEFAULT_WEIGHT_INIT_ORDER,
                    views.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)));
            INDArray bias = views.get(LSTMParamInitializer.BIAS_KEY);
            bias.get(NDArrayIndex.point(0), NDArrayIndex.interval(INPUT_GATE * n, (INPUT_GATE + 1) * n))
                    .assign(c.getInputGateBiasInit());
            bias.get(NDArrayIndex.point(0), NDArrayIndex.interval(OUTPUT_GATE * n, (OUTPUT_GATE + 1) * n))
                    .assign(c.getOutputGateBiasInit());
            bias.get(NDArrayIndex.point(0), NDArrayIndex.interval(CELL_INPUT * n, (CELL_INPUT + 1) * n)).assign(0);
        }
        return Collections.synchronizedMap(views);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split((Lstm1997) conf.getLayer(), gradientView);
    }

    /** {@code W}, {@code RW} and {@code b} as views of the flat {@code [1, numParams]} array. */
    private Map<String, INDArray> split(Lstm1997 c, INDArray flat) {
        long n = c.getNOut();
        long nIn = c.getNIn();
        long length = numParams(c);
        if (flat.length() != length) {
            throw new IllegalStateException("expected a parameter view of length " + length + ", got "
                    + flat.length());
        }
        INDArray row = flat.reshape(length);
        long inputEnd = nIn * BLOCKS * n;
        long recurrentEnd = inputEnd + n * BLOCKS * n;
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(LSTMParamInitializer.INPUT_WEIGHT_KEY, WeightInitUtil.reshapeWeights(new long[] {nIn, BLOCKS * n},
                row.get(NDArrayIndex.interval(0, inputEnd))));
        views.put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, WeightInitUtil.reshapeWeights(
                new long[] {n, BLOCKS * n}, row.get(NDArrayIndex.interval(inputEnd, recurrentEnd))));
        views.put(LSTMParamInitializer.BIAS_KEY, row.get(NDArrayIndex.interval(recurrentEnd, length))
                .reshape(1, BLOCKS * n));
        return views;
    }
}
