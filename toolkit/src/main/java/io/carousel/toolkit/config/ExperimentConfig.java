package io.carousel.toolkit.config;

import java.util.regex.Pattern;

/**
 * One experiment: a task, a model, and how to train it. Load from YAML with {@link ConfigLoader}; every default
 * lives in {@code defaults.yaml} beside the loader.
 *
 * @param name    names the run directory; defaults to the config file's name
 * @param seed    seeds everything: weights, training data, validation and test data
 * @param threads    ND4J/OpenMP threads for this run (1 is fastest for small recurrent networks)
 * @param reproduces the id of the 1997 paper's table row this experiment reproduces (see {@code reproduce}), or
 *                   null
 * @param sweep      the grid {@code sweep} runs this experiment over, or null
 */
public record ExperimentConfig(String name, long seed, Backend backend, int threads, TaskSpec task, ModelSpec model,
                               TrainingSpec training, String reproduces, SweepSpec sweep) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public ExperimentConfig {
        Check.required("name", name);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValueException("name", "must be 1-100 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, got '" + name + "'");
        }
        Check.required("backend", backend);
        Check.inRange("threads", threads, 1, 1024);
        Check.required("task", task);
        Check.required("model", model);
        Check.required("training", training);
    }

    /** This experiment under another name and seed (a trial of it). */
    public ExperimentConfig withNameAndSeed(String newName, long newSeed) {
        return new ExperimentConfig(newName, newSeed, backend, threads, task, model, training, reproduces, sweep);
    }

    /** This experiment with another task section. */
    public ExperimentConfig withTask(TaskSpec newTask) {
        return new ExperimentConfig(name, seed, backend, threads, newTask, model, training, reproduces, sweep);
    }

    /** This experiment with another training section. */
    public ExperimentConfig withTraining(TrainingSpec newTraining) {
        return new ExperimentConfig(name, seed, backend, threads, task, model, newTraining, reproduces, sweep);
    }
}
