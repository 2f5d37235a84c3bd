package io.carousel.toolkit.report;

import io.carousel.toolkit.train.MetricsRow;
import io.carousel.toolkit.train.TrainingMonitor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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

    private MetricsCsv(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Continues {@code file} for a run resumed from the checkpoint taken after {@code sequences}: rows written after
     * that checkpoint (which the resumed run writes again) are dropped, the file rewritten whole before it is
     * replaced, then new rows are appended.
     */
    public static MetricsCsv resume(Path file, long sequences) throws IOException {
        List<String> keep = new ArrayList<>();
        keep.add(HEADER);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int comma = line.indexOf(',');
                if (comma > 0 && line.substring(0, comma).matches("\\d+")
                        && Long.parseLong(line.substring(0, comma)) <= sequences) {
                    keep.add(line);
                }
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, keep);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new MetricsCsv(Files.newBufferedWriter(file, StandardOpenOption.APPEND));
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
