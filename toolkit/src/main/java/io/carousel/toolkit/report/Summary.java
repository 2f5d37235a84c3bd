package io.carousel.toolkit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carousel.toolkit.eval.TestResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's {@code summary.json}.
 *
 * @param sequences               training sequences seen (the paper's unit)
 * @param solved                  the task's stopping rule held
 * @param stopReason              solved, budget (max_sequences spent) or diverged
 * @param wallSeconds             the whole run: training, testing and writing results (a resumed run: all sessions)
 * @param trainSeconds            training alone
 * @param trainSequencesPerSecond training throughput
 * @param parameters              trainable parameters of the network
 * @param milestones              the stopping rule's intermediate criteria (experiment 3's ST1, ST2) and the training
 *                                sequences after which each first held
 */
public record Summary(String name, String task, String backend, int threads, long seed, long sequences,
                      long iterations, boolean solved, String stopReason, double wallSeconds, double trainSeconds,
                      double trainSequencesPerSecond, long parameters, Map<String, Long> milestones, Test test) {

    /** The test on sequences never trained on: {@code wrong} of {@code sequences}, and the MSE. */
    public record Test(int sequences, int wrong, double mse, double fractionWrong) {
        public static Test of(TestResult r) {
            return new Test(r.sequences(), r.wrong(), r.mse(), r.fractionWrong());
        }
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Each milestone in words, e.g. "ST1 held after 2,016 sequences", in the order they held. */
    public List<String> milestoneLines() {
        return milestones.entrySet().stream().map(m -> m.getKey().equals(io.carousel.tasks.RecentWindowRule.STREAK_START)
                ? String.format(Locale.ROOT, "the successful streak began after %,d sequences", m.getValue())
                : String.format(Locale.ROOT, "%s held after %,d sequences",
                        m.getKey().toUpperCase(Locale.ROOT), m.getValue())).toList();
    }

    /** As the JSON {@link #write} writes. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A summary from {@link #toJson}. */
    public static Summary fromJson(String json) throws IOException {
        return JSON.readValue(json, Summary.class);
    }

    /** A summary written by {@link #write}. */
    public static Summary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Summary.class);
    }
}
