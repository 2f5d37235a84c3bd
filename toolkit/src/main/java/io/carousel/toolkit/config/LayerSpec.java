package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One entry of {@code model.layers}. The registry of layer types is {@link JsonSubTypes}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Lstm.class, name = "lstm"),
    @JsonSubTypes.Type(value = LayerSpec.GravesLstm.class, name = "graves_lstm"),
    @JsonSubTypes.Type(value = LayerSpec.Lstm1997.class, name = "lstm_1997"),
    @JsonSubTypes.Type(value = LayerSpec.SimpleRnn.class, name = "simple_rnn"),
    @JsonSubTypes.Type(value = LayerSpec.Bidirectional.class, name = "bidirectional"),
    @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
})
public sealed interface LayerSpec {

    /** Output width of the layer as configured (a bidirectional layer in concat mode doubles it). */
    int width();

    /** Whether the layer carries state along the time axis. */
    default boolean recurrent() {
        return true;
    }

    /** Fraction of the layer's inputs dropped during training (0 = no dropout). */
    double dropout();

    /** The checks {@code lstm} and {@code graves_lstm} share. */
    private static void checkCell(int units, ActivationName activation, ActivationName gateActivation,
                                  double forgetBias, double inputGateBias, double dropout, LayerImpl impl) {
        Check.inRange("units", units, 1, 65_536);
        Check.required("activation", activation);
        Check.required("gate_activation", gateActivation);
        Check.required("impl", impl);
        if (impl == LayerImpl.FUSED && activation != ActivationName.TANH) {
            throw new InvalidValueException("activation", "the fused LSTM computes tanh only (set impl: dl4j for "
                    + "other activations)");
        }
        if (impl == LayerImpl.FUSED && gateActivation != ActivationName.SIGMOID) {
            throw new InvalidValueException("gate_activation", "the fused LSTM computes sigmoid gates only (set "
                    + "impl: dl4j for other gate activations)");
        }
        Check.inRange("forget_bias", forgetBias, -100.0, 100.0);
        Check.inRange("input_gate_bias", inputGateBias, -100.0, 100.0);
        Check.inHalfOpenRange("dropout", dropout, 0, 1);
    }

    /** An LSTM cell ({@code lstm} or {@code graves_lstm}): the gate biases it starts from, and what computes it. */
    sealed interface Cell extends LayerSpec permits Lstm, GravesLstm {
        double forgetBias();

        double inputGateBias();

        LayerImpl impl();
    }

    /**
     * {@code type: lstm}: DL4J's {@code LSTM} (forget gate, no peepholes).
     *
     * @param forgetBias    initial bias of the forget gate; 3 to 5 lets the cell hold values across long lags from the
     *                      start
     * @param inputGateBias initial bias of the input gate; negative values keep the cell closed to its input until
     *                      the gate learns when to open (the 1997 paper initialised its input gates negatively)
     * @param dropout       fraction of this layer's inputs dropped during training
     * @param impl          {@code fused} (default: Carousel's fused layer) or {@code dl4j} (DL4J's own, same results)
     */
    @Describe("LSTM with forget gate (DL4J LSTM); units, activation, gate_activation, forget_bias, input_gate_bias, "
            + "dropout, impl (fused | dl4j)")
    record Lstm(int units, ActivationName activation, ActivationName gateActivation, double forgetBias,
                double inputGateBias, double dropout, LayerImpl impl) implements Cell {
        public Lstm {
            checkCell(units, activation, gateActivation, forgetBias, inputGateBias, dropout, impl);
        }

        @Override
        public int width() {
            return units;
        }
    }

    /** {@code type: graves_lstm}: DL4J's {@code GravesLSTM}, an LSTM with peephole connections. */
    @Describe("LSTM with peephole connections (DL4J GravesLSTM); same keys as lstm")
    record GravesLstm(int units, ActivationName activation, ActivationName gateActivation, double forgetBias,
                      double inputGateBias, double dropout, LayerImpl impl) implements Cell {
        public GravesLstm {
            checkCell(units, activation, gateActivation, forgetBias, inputGateBias, dropout, impl);
        }

        @Override
        public int width() {
            return units;
        }
    }

    /**
     * {@code type: lstm_1997}: the memory cell of Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory",
     * section 4: input and output gates, no forget gate, so the cell state is a pure accumulator (the constant error
     * carousel); Carousel's {@code io.carousel.toolkit.nn.Lstm1997} layer, trained by full back-propagation through
     * time where the paper used a truncated RTRL.
     *
     * @param inputGateBias  initial bias of every input gate; negative starts the cells closed to their inputs, as
     *                       the paper did, so that they do not fill up with whatever arrives before they learn
     * @param outputGateBias initial bias of every output gate; negative starts the cells' outputs closed (the paper
     *                       used negative values for both, differing between experiments)
     * @param dropout        fraction of this layer's inputs dropped during training
     */
    @Describe("the 1997 LSTM cell: input and output gates, no forget gate (Hochreiter & Schmidhuber 1997, sec. 4); "
            + "units, input_gate_bias, output_gate_bias, dropout")
    record Lstm1997(int units, double inputGateBias, double outputGateBias, double dropout) implements LayerSpec {
        public Lstm1997 {
            Check.inRange("units", units, 1, 65_536);
            Check.inRange("input_gate_bias", inputGateBias, -100.0, 100.0);
            Check.inRange("output_gate_bias", outputGateBias, -100.0, 100.0);
            Check.inHalfOpenRange("dropout", dropout, 0, 1);
        }

        @Override
        public int width() {
            return units;
        }
    }

    /**
     * {@code type: simple_rnn}: the vanilla recurrent layer, the baseline the 1997 paper argues against.
     *
     * @param impl {@code fused} (default: Carousel's fused layer, for tanh; other activations run DL4J's own) or
     *             {@code dl4j} (DL4J's own, same results)
     */
    @Describe("vanilla RNN baseline (DL4J SimpleRnn); units, activation, dropout, impl (fused | dl4j)")
    record SimpleRnn(int units, ActivationName activation, double dropout, LayerImpl impl) implements LayerSpec {
        public SimpleRnn {
            Check.inRange("units", units, 1, 65_536);
            Check.required("activation", activation);
            Check.inHalfOpenRange("dropout", dropout, 0, 1);
            Check.required("impl", impl);
        }

        @Override
        public int width() {
            return units;
        }
    }

    /** {@code type: bidirectional}: a recurrent layer run forwards and backwards (DL4J's {@code Bidirectional}). */
    @Describe("wraps a recurrent layer (key layer) to run both ways; mode concat | add | mul | average")
    record Bidirectional(BidirectionalMode mode, LayerSpec layer) implements LayerSpec {
        public Bidirectional {
            Check.required("mode", mode);
            Check.required("layer", layer);
            if (!layer.recurrent() || layer instanceof Bidirectional) {
                throw new InvalidValueException("layer.type", "must be a recurrent layer (allowed: lstm, graves_lstm, "
                        + "lstm_1997, simple_rnn)");
            }
        }

        /** The wrapped layer's dropout applies; the wrapper adds none. */
        @Override
        public double dropout() {
            return 0;
        }

        @Override
        public int width() {
            return mode == BidirectionalMode.CONCAT ? 2 * layer.width() : layer.width();
        }
    }

    /** {@code type: dense}: a fully connected layer, applied at every step (or after the last step). */
    @Describe("fully connected layer, applied per time step; units, activation, dropout")
    record Dense(int units, ActivationName activation, double dropout) implements LayerSpec {
        public Dense {
            Check.inRange("units", units, 1, 65_536);
            Check.required("activation", activation);
            Check.inHalfOpenRange("dropout", dropout, 0, 1);
        }

        @Override
        public int width() {
            return units;
        }

        @Override
        public boolean recurrent() {
            return false;
        }
    }
}
