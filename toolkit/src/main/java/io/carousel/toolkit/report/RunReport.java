package io.carousel.toolkit.report;

import io.carousel.toolkit.train.MetricsRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code report.md}: what was run and what came of it, for a person. */
public final class RunReport {

    private RunReport() {
    }

    public static String markdown(Summary s, List<MetricsRow> history) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Task `%s`, seed %d, backend %s (%d thread%s), %,d parameters.%n%n",
                s.task(), s.seed(), s.backend(), s.threads(), s.threads() == 1 ? "" : "s", s.parameters()));
        md.append("| | |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| solved (the task's stopping rule held) | %s |%n",
                s.solved() ? "yes" : "no (" + s.stopReason() + ")"));
        md.append(String.format(Locale.ROOT, "| training sequences | %,d |%n", s.sequences()));
        s.milestoneLines().forEach(line -> md.append("| milestone | ").append(line).append(" |\n"));
        md.append(String.format(Locale.ROOT, "| training time | %.1f s (%.0f sequences/s) |%n", s.trainSeconds(),
                s.trainSequencesPerSecond()));
        md.append(String.format(Locale.ROOT, "| test: wrong of %,d test sequences, none trained on | %,d (%.4f) |%n",
                s.test().sequences(), s.test().wrong(), s.test().fractionWrong()));
        md.append(String.format(Locale.ROOT, "| test MSE | %.3g |%n", s.test().mse()));
        md.append(String.format(Locale.ROOT, "| wall time | %.1f s |%n%n", s.wallSeconds()));
        md.append("![loss](loss.png)\n\n");
        md.append("## Evaluations\n\n| sequences | training loss | training correct | validation MSE | validation correct |\n");
        md.append("|---:|---:|---:|---:|---:|\n");
        int step = Math.max(1, history.size() / 20);
        for (int i = 0; i < history.size(); i++) {
            if (i % step != 0 && i != history.size() - 1) {
                continue;
            }
            MetricsRow r = history.get(i);
            md.append(String.format(Locale.ROOT, "| %,d | %.4g | %.3f | %.4g | %.3f |%n", r.sequences(), r.loss(),
                    r.fractionCorrect(), r.validationMse(), r.validationCorrect()));
        }
        md.append("\nFiles: `config.yaml` (the resolved config), `metrics.csv` (every evaluation), `summary.json`, ")
                .append("`model.zip` (DL4J ModelSerializer), `loss.png`.\n");
        return md.toString();
    }

    public static void write(Path file, Summary s, List<MetricsRow> history) throws IOException {
        Files.writeString(file, markdown(s, history));
    }
}
