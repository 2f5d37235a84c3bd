package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a bidirectional layer combines its two directions. */
public enum BidirectionalMode {
    @JsonProperty("concat") CONCAT,
    @JsonProperty("add") ADD,
    @JsonProperty("mul") MUL,
    @JsonProperty("average") AVERAGE
}
