package io.carousel.toolkit.report;

import io.carousel.toolkit.train.MetricsRow;
import io.carousel.toolkit.train.TrainingMonitor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Appends each evaluation row to {@code metrics.csv} as it happens, flushed, so a killed run keeps its history. */
public final class MetricsCsv implements TrainingMonitor, AutoCloseable {

    public static final String HEADER =
            "sequences,loss,fraction_correct,val_mse,val_fraction_correct,elapsed_seconds";

    private final BufferedWriter out;

    public MetricsCsv(Path file) throws IOException {
        out = Files.newBufferedWriter(file);
        out.write(HEADER);
        out.newLine();
        out.flush();
    }

    @Override
    public void onEvaluation(MetricsRow r) {
        try {
            out.write(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6g,%.6f,%.3f", r.sequences(), r.loss(),
                    r.fractionCorrect(), r.validationMse(), r.validationCorrect(), r.elapsedSeconds()));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics.csv", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
