package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When training stops: the task's own criterion (within the max_sequences budget), or after max_sequences. */
public enum StopRule {
    @JsonProperty("paper") PAPER,
    @JsonProperty("max_sequences") MAX_SEQUENCES
}
