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
        try {
            Files.createDirectories(runsDir);
            if (!Files.isWritable(runsDir)) {
                throw new java.nio.file.AccessDeniedException(runsDir.toString(), null, "not writable");
            }
        } catch (IOException e) {
            throw new io.carousel.toolkit.BadInputException("cannot create a run directory in " + runsDir + ": "
                    + describe(e), e);
        }
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

    /** {@code <dir>/<base><suffix>}, or with -2, -3, ... before the suffix: the first name not taken. */
    public static Path freeName(Path dir, String base, String suffix) {
        for (int n = 1; ; n++) {
            Path p = dir.resolve(n == 1 ? base + suffix : base + "-" + n + suffix);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return e.getMessage() + " is a file, not a directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
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
