package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Gradient clipping: value clips each element to [-t, t]; norm rescales each layer's gradient to L2 norm <= t. */
public enum ClipMode {
    @JsonProperty("norm") NORM,
    @JsonProperty("value") VALUE
}
