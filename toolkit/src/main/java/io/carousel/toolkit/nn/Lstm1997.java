package io.carousel.toolkit.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The memory cell of Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", Neural Computation 9(8),
 * section 4, as a DL4J layer configuration (computed by {@link Lstm1997Layer}). Unlike every later LSTM it has no
 * forget gate: the cell state is the paper's constant error carousel, {@code s(t) = s(t-1) + i(t) g(t)}, so an error
 * that reaches it flows back through time unchanged, and whatever the input gate lets in stays until the sequence
 * ends. One cell per block, {@code nOut} blocks; the recurrent input is the previous output of every block:
 *
 * <pre>
 *   i(t) = sigmoid(W_i x(t) + R_i y(t-1) + b_i)         input gate
 *   o(t) = sigmoid(W_o x(t) + R_o y(t-1) + b_o)         output gate
 *   g(t) = 4 sigmoid(W_c x(t) + R_c y(t-1) + b_c) - 2   cell input, in [-2, 2]
 *   s(t) = s(t-1) + i(t) g(t)                           s(0) = 0
 *   y(t) = o(t) (2 sigmoid(s(t)) - 1)                   y(0) = 0
 * </pre>
 *
 * The squashing functions are the paper's and fixed, so the {@code activation} every DL4J layer carries is ignored.
 * The paper trained with a truncated RTRL that stops errors at the cell's inputs; here the layer is trained by full
 * back-propagation through time, the exact gradient of the function above.
 *
 * <p>Parameters ({@link Lstm1997ParamInitializer}): input weights {@code W [nIn, 3n]}, recurrent weights
 * {@code RW [n, 3n]} and bias {@code b [1, 3n]}, 3n(nIn + n + 1) in all, under DL4J's LSTM parameter names. Weights
 * start as the network's {@code weightInit} says; the paper started its gates closed with negative biases, which
 * {@link #getInputGateBiasInit()} and {@link #getOutputGateBiasInit()} set (both 0 unless set).
 *
 * <pre>{@code
 * Lstm1997 cell = new Lstm1997.Builder().nOut(4).inputGateBiasInit(-1).outputGateBiasInit(-2).build();
 * }</pre>
 */
public class Lstm1997 extends BaseRecurrentLayer {

    private double inputGateBiasInit;
    private double outputGateBiasInit;

    /** For deserialisation; build one with {@link Builder}. */
    public Lstm1997() {
    }

    private Lstm1997(Builder builder) {
        super(builder);
        this.inputGateBiasInit = builder.inputGateBiasInit;
        this.outputGateBiasInit = builder.outputGateBiasInit;
        initializeConstraints(builder);
    }

    /** The initial bias of every input gate. */
    public double getInputGateBiasInit() {
        return inputGateBiasInit;
    }

    public void setInputGateBiasInit(double inputGateBiasInit) {
        this.inputGateBiasInit = inputGateBiasInit;
    }

    /** The initial bias of every output gate. */
    public double getOutputGateBiasInit() {
        return outputGateBiasInit;
    }

    public void setOutputGateBiasInit(double outputGateBiasInit) {
        this.outputGateBiasInit = outputGateBiasInit;
    }

    /** The layer's own constraints plus those the builder set on the input or the recurrent weights only. */
    @Override
    protected void initializeConstraints(org.deeplearning4j.nn.conf.layers.Layer.Builder<?> builder) {
        super.initializeConstraints(builder);
        Builder b = (Builder) builder;
        List<LayerConstraint> all = constraints == null ? new ArrayList<>() : new ArrayList<>(constraints);
        addConstraints(all, b.getInputWeightConstraints(), LSTMParamInitializer.INPUT_WEIGHT_KEY);
        addConstraints(all, b.getRecurrentConstraints(), LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        constraints = all.isEmpty() ? null : all;
    }

    private static void addConstraints(List<LayerConstraint> to, List<LayerConstraint> from, String key) {
        if (from != null) {
            for (LayerConstraint c : from) {
                LayerConstraint copy = c.clone();
                copy.setParams(Set.of(key));
                to.add(copy);
            }
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.instantiate(new Lstm1997Layer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return Lstm1997ParamInitializer.getInstance();
    }

    /**
     * Parameters, updater state, and per example the activations; the layer's scratch (inputs, gates, outputs and
     * squashed cells of every step, about {@code 2 nIn + 5n} values a step) lives outside DL4J's workspaces.
     */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType.InputTypeRecurrent recurrent = (InputType.InputTypeRecurrent) inputType;
        long steps = Math.max(1, recurrent.getTimeSeriesLength());
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        long perExample = steps * nOut;
        return new LayerMemoryReport.Builder(getLayerName(), Lstm1997.class, inputType,
                getOutputType(-1, inputType))
                .standardMemory(params, updaterState)
                .workingMemory(0, perExample, MemoryReport.CACHE_MODE_ALL_ZEROS,
                        MemoryReport.cacheModeMapFor(perExample + steps * nIn))
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lstm1997 other && super.equals(o)
                && Double.compare(inputGateBiasInit, other.inputGateBiasInit) == 0
                && Double.compare(outputGateBiasInit, other.outputGateBiasInit) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Double.hashCode(inputGateBiasInit)) + Double.hashCode(outputGateBiasInit);
    }

    @Override
    public String toString() {
        return "Lstm1997(inputGateBiasInit=" + inputGateBiasInit + ", outputGateBiasInit=" + outputGateBiasInit + ", "
                + super.toString() + ")";
    }

    /** Builds an {@link Lstm1997}: {@code nOut} (the number of cells) and DL4J's usual layer settings. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {

        private double inputGateBiasInit;
        private double outputGateBiasInit;

        /** Initial bias of every input gate (default 0); negative starts the cells closed to their inputs. */
        public Builder inputGateBiasInit(double bias) {
            this.inputGateBiasInit = bias;
            return this;
        }

        /** Initial bias of every output gate (default 0); negative starts the cells' outputs closed. */
        public Builder outputGateBiasInit(double bias) {
            this.outputGateBiasInit = bias;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Lstm1997 build() {
            return new Lstm1997(this);
        }
    }
}
