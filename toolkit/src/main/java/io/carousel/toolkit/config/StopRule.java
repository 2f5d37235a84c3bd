package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When training stops: the task's own criterion (within the max_sequences budget), after max_sequences, or when
 * the validation MSE has not improved for {@code patience} evaluations (keeping the best weights).
 */
public enum StopRule {
    @JsonProperty("paper") PAPER,
    @JsonProperty("early_stopping") EARLY_STOPPING,
    @JsonProperty("max_sequences") MAX_SEQUENCES
}
