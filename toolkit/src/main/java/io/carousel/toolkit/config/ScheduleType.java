package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Learning-rate schedules: step multiplies by factor every so many sequences; exponential decays smoothly at the same rate. */
public enum ScheduleType {
    @JsonProperty("step") STEP,
    @JsonProperty("exponential") EXPONENTIAL
}
