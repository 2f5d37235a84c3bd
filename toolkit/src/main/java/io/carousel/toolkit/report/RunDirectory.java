package io.carousel.toolkit.report;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's own directory, {@code <runs-dir>/<name>-<yyyyMMdd-HHmmss>}, created atomically so that two runs never
 * share one (a second run in the same second gets a {@code -2} suffix, and so on). Nothing is ever overwritten.
 */
public record RunDirectory(Path path) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public static RunDirectory create(Path runsDir, String name) throws IOException {
        Files.createDirectories(runsDir);
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        for (int n = 1; ; n++) {
            Path candidate = runsDir.resolve(n == 1 ? base : base + "-" + n);
            try {
                return new RunDirectory(Files.createDirectory(candidate));
            } catch (FileAlreadyExistsException taken) {
                // another run got this name first; try the next suffix
            }
        }
    }

    public Path config() {
        return path.resolve("config.yaml");
    }

    public Path metrics() {
        return path.resolve("metrics.csv");
    }

    public Path summary() {
        return path.resolve("summary.json");
    }

    public Path model() {
        return path.resolve("model.zip");
    }

    public Path lossPlot() {
        return path.resolve("loss.png");
    }

    public Path report() {
        return path.resolve("report.md");
    }
}
