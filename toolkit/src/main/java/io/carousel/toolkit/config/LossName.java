package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Loss functions: mse and mae for regression, xent (binary cross-entropy, sigmoid outputs) and mcxent (multi-class cross-entropy, softmax outputs). */
public enum LossName {
    @JsonProperty("mse") MSE,
    @JsonProperty("mae") MAE,
    @JsonProperty("xent") XENT,
    @JsonProperty("mcxent") MCXENT
}
