package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the output layer reads the network: the last (unmasked) step of each sequence, or every step. */
public enum OutputAt {
    @JsonProperty("last") LAST,
    @JsonProperty("every") EVERY
}
