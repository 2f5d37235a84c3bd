package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Weight initialisation schemes (DL4J's WeightInit). */
public enum WeightInitName {
    @JsonProperty("xavier") XAVIER,
    @JsonProperty("xavier_uniform") XAVIER_UNIFORM,
    @JsonProperty("relu") RELU,
    @JsonProperty("relu_uniform") RELU_UNIFORM,
    @JsonProperty("lecun_normal") LECUN_NORMAL,
    @JsonProperty("lecun_uniform") LECUN_UNIFORM,
    @JsonProperty("uniform") UNIFORM,
    @JsonProperty("normal") NORMAL
}
