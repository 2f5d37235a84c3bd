package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Activation functions, by their YAML names. */
public enum ActivationName {
    @JsonProperty("identity") IDENTITY,
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH,
    @JsonProperty("relu") RELU,
    @JsonProperty("leakyrelu") LEAKYRELU,
    @JsonProperty("elu") ELU,
    @JsonProperty("selu") SELU,
    @JsonProperty("gelu") GELU,
    @JsonProperty("softsign") SOFTSIGN,
    @JsonProperty("hardsigmoid") HARDSIGMOID,
    @JsonProperty("hardtanh") HARDTANH,
    @JsonProperty("softmax") SOFTMAX
}
