package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.carousel.tasks.Task;

/** The {@code task:} section: which task, with its own parameters. The registry of task types is {@link JsonSubTypes}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AddingSpec.class, name = "adding"),
    @JsonSubTypes.Type(value = ReberSpec.class, name = "reber"),
    @JsonSubTypes.Type(value = LongLagSpec.class, name = "long_lag"),
    @JsonSubTypes.Type(value = NoisySignalSpec.class, name = "noisy_signal"),
    @JsonSubTypes.Type(value = MultiplicationSpec.class, name = "multiplication"),
    @JsonSubTypes.Type(value = TemporalOrderSpec.class, name = "temporal_order"),
    @JsonSubTypes.Type(value = ForecastSpec.class, name = "forecast"),
    @JsonSubTypes.Type(value = MackeyGlassSpec.class, name = "mackey_glass"),
})
public sealed interface TaskSpec
        permits AddingSpec, ReberSpec, LongLagSpec, NoisySignalSpec, MultiplicationSpec, TemporalOrderSpec, SeriesSpec {

    /**
     * The task these parameters describe. Tasks with fixed data sets (the embedded Reber grammar's training and test
     * strings) draw them from {@code seed}, the experiment's seed; the others ignore it.
     */
    Task create(long seed);

    /** Where the task's targets sit, known without creating it (which may read data). */
    default Task.Labels labels() {
        return create(0).labels();
    }
}
