package io.carousel.toolkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's own files are, from a test running in any module's directory. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The project's {@code configs/} directory. */
    public static Path configs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("configs")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("configs");
            }
        }
        throw new IllegalStateException("no configs/ above " + Path.of("").toAbsolutePath());
    }

    /** A series shipped in the jar, as a file in the source tree. */
    public static Path shippedSeries(String name) {
        return configs().getParent().resolve("tasks/src/main/resources/io/carousel/tasks/forecast/data/" + name
                + ".csv");
    }
}
