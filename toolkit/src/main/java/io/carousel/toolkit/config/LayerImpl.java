package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which implementation computes an {@code lstm}, {@code graves_lstm} or {@code simple_rnn} layer. */
public enum LayerImpl {
    /** Carousel's fused layer: DL4J's parameters and results, one BLAS call per time step (CPU backend). */
    @JsonProperty("fused") FUSED,
    /** DL4J's own layer, for comparison (and what the CUDA backend runs, with cuDNN). */
    @JsonProperty("dl4j") DL4J
}
