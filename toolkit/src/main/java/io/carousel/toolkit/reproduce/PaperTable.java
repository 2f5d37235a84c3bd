package io.carousel.toolkit.reproduce;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carousel.tasks.RecentWindowRule;
import io.carousel.toolkit.report.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The numbers of Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", section 5, row by row, read from the
 * cited resource {@code paper-1997.yaml} beside this class. Configs in {@code configs/paper/} name the row they
 * reproduce in their {@code reproduces:} key.
 */
public final class PaperTable {

    /** {@link Row#counts()} of rows that count the sequences before a successful streak. */
    public static final String STREAK_START = "streak_start";

    /** Trials to run for a row whose trial count the paper does not give here: our choice. */
    public static final int DEFAULT_TRIALS = 10;

    private static final PaperTable INSTANCE = load();

    private final String source;
    private final Map<String, Row> rows;

    private PaperTable(String source, List<Row> rows) {
        this.source = source;
        this.rows = new LinkedHashMap<>();
        for (Row row : rows) {
            if (this.rows.put(row.id(), row) != null) {
                throw new IllegalStateException("paper-1997.yaml lists row " + row.id() + " twice");
            }
        }
    }

    public static PaperTable get() {
        return INSTANCE;
    }

    /** The citation. */
    public String source() {
        return source;
    }

    public Optional<Row> row(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /**
     * One row of one of the paper's tables. Every number is nullable: a row carries the figures the paper gives for
     * it and no others.
     *
     * @param sequences   mean training sequences until the stopping criterion held
     * @param range       [min, max] of those, where the paper gives them
     * @param success     fraction of trials that succeeded
     * @param trials      the paper's trial count, where given
     * @param testWrong   wrong of 2,560 test sequences
     * @param st1         experiment 3: sequences until ST1 held
     * @param st2         experiment 3: sequences until ST2 held
     * @param stoppedAt   where the paper stopped training without a criterion (experiment 3c)
     * @param uncertain   fields the transcription marks (?)
     * @param others      the paper's other methods on the same problem
     * @param counts      what the sequence count counts: null for the sequences until the stopping criterion held,
     *                    {@code streak_start} for those before the criterion's successful streak began
     */
    public record Row(String id, String experiment, String setting, String counts, Double success, Double sequences,
                      List<Long> range, Integer trials, Integer testWrong, Double testMse, Double fractionWrong,
                      Long st1, Long st2, Long stoppedAt, List<String> uncertain, String others) {

        public Row {
            if (counts != null && !counts.equals(STREAK_START)) {
                throw new IllegalStateException("paper-1997.yaml: row " + id + ": counts must be " + STREAK_START
                        + " or absent, got " + counts);
            }
            range = range == null ? List.of() : List.copyOf(range);
            uncertain = uncertain == null ? List.of() : List.copyOf(uncertain);
        }

        /** The trials to run by default: the paper's count, or {@link #DEFAULT_TRIALS}. */
        public int defaultTrials() {
            return trials == null ? DEFAULT_TRIALS : trials;
        }

        /** The sequence count the paper reports for the row: until success, or until ST2, or where it stopped. */
        public Optional<Double> reportedSequences() {
            if (sequences != null) {
                return Optional.of(sequences);
            }
            if (st2 != null) {
                return Optional.of(st2.doubleValue());
            }
            return Optional.ofNullable(stoppedAt).map(Long::doubleValue);
        }

        /** Our trial's count comparable with the paper's, if the trial succeeded. */
        public OptionalLong comparableSequences(Summary trial) {
            if (!trial.solved()) {
                return OptionalLong.empty();
            }
            if (STREAK_START.equals(counts)) {
                Long start = trial.milestones() == null ? null
                        : trial.milestones().get(RecentWindowRule.STREAK_START);
                return start == null ? OptionalLong.empty() : OptionalLong.of(start);
            }
            return OptionalLong.of(trial.sequences());
        }

        public boolean isUncertain(String field) {
            return uncertain.contains(field);
        }
    }

    private record Document(String source, List<Row> rows) {
    }

    private static PaperTable load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = PaperTable.class.getResourceAsStream("paper-1997.yaml")) {
            if (in == null) {
                throw new IllegalStateException("paper-1997.yaml is missing from the build");
            }
            Document d = yaml.readValue(in, Document.class);
            return new PaperTable(d.source(), d.rows());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read paper-1997.yaml", e);
        }
    }
}
