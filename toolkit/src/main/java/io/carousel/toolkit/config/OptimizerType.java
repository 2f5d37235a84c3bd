package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Optimisers (DL4J updaters). */
public enum OptimizerType {
    @JsonProperty("sgd") SGD,
    @JsonProperty("adam") ADAM,
    @JsonProperty("rmsprop") RMSPROP,
    @JsonProperty("nesterovs") NESTEROVS
}
