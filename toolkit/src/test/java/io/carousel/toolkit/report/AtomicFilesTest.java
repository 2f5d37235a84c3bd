package io.carousel.toolkit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void replacesAFileWhole() throws Exception {
        Path file = tmp.resolve("report.md");
        Files.writeString(file, "old");
        AtomicFiles.writeString(file, "new ✓");
        assertEquals("new ✓", Files.readString(file));
        assertEquals(List.of(file), listing(), "no temporary file is left behind");
    }

    /** A report written for others to read is readable by them, not only by its owner like a temporary file. */
    @Test
    void aNewFileIsReadableByEveryoneAndAnOldOneKeepsItsPermissions() throws Exception {
        Path fresh = tmp.resolve("reproduction.md");
        AtomicFiles.writeString(fresh, "report");
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(fresh));
        Path kept = tmp.resolve("private.md");
        Files.writeString(kept, "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(kept, "new");
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(kept));
    }

    /** Two reproduce commands writing one report at once once failed: each took the other's temporary file. */
    @Test
    void writersSharingADirectoryDoNotCollide() throws Exception {
        Path file = tmp.resolve("reproduction.md");
        int writers = 8;
        int times = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String text = ("writer " + w + "\n").repeat(2_000);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < times; i++) {
                        AtomicFiles.writeString(file, text);
                        String read = Files.readString(file);
                        assertTrue(read.length() == text.length() && read.startsWith("writer "),
                                "a reader sees one writer's whole text");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(Files.readString(file).matches("(?s)(writer \\d\n){2000}"));
        assertEquals(List.of(file), listing());
    }

    @Test
    void writesAChartAsPng() throws Exception {
        XYChart chart = new XYChartBuilder().width(200).height(100).build();
        chart.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 1, 2});
        Path file = tmp.resolve("chart.png");
        AtomicFiles.writePng(file, chart);
        byte[] head = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(head, 4));
        assertEquals(List.of(file), listing());
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }
}
