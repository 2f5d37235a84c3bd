package io.carousel.toolkit.config;

import java.util.List;

/**
 * {@code model:}: a stack of layers and an output layer.
 *
 * @param l2 L2 weight decay coefficient (0 = none)
 */
public record ModelSpec(List<LayerSpec> layers, OutputSpec output, WeightInitName weightInit, double l2) {
    public ModelSpec {
        Check.required("layers", layers);
        if (layers.isEmpty()) {
            throw new InvalidValueException("layers", "must list at least one layer");
        }
        if (layers.stream().noneMatch(LayerSpec::recurrent)) {
            throw new InvalidValueException("layers", "must include a recurrent layer (allowed: lstm, graves_lstm, "
                    + "lstm_1997, simple_rnn, bidirectional)");
        }
        for (int i = 0; i < layers.size(); i++) {
            Check.required("layers[" + i + "]", layers.get(i));
        }
        layers = List.copyOf(layers);
        Check.required("output", output);
        Check.required("weight_init", weightInit);
        Check.nonNegative("l2", l2);
    }
}
