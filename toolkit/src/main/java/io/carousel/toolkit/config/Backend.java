package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** ND4J backends. */
public enum Backend {
    @JsonProperty("cpu") CPU,
    @JsonProperty("cuda") CUDA
}
