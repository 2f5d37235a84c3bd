package io.carousel.toolkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.reproduce.PaperTable;
import io.carousel.toolkit.reproduce.ReproductionReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce} through the front door, and the shipped suite in configs/paper/. */
class ReproduceCommandTest {

    @TempDir
    Path tmp;

    private static Path paperConfigs() {
        return ProjectPaths.configs().resolve("paper");
    }

    @Test
    void everyRowOfThePaperHasAConfigAndEveryConfigARow() throws Exception {
        Set<String> covered = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(paperConfigs())) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            ExperimentConfig c = ConfigLoader.load(f);
            assertTrue(c.reproduces() != null, f + " names the row it reproduces");
            assertEquals(f.getFileName().toString(), c.name() + ".yaml", "a row's name is its file's name");
            covered.add(c.reproduces());
        }
        Set<String> rows = PaperTable.get().rows().stream().map(PaperTable.Row::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(rows, covered);
        // The baselines the paper's story needs: a vanilla RNN on experiments 2 and 4 at least.
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("2")
                && f.getFileName().toString().contains("simple-rnn")));
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("4")
                && f.getFileName().toString().contains("simple-rnn")));
    }

    @Test
    void quickRunsTheQuickRowsSolvesThemAndResumes() throws Exception {
        Path out = tmp.resolve("repro");
        MainTest.Outcome o = MainTest.cli("reproduce", paperConfigs().toString(), "--quick", "--parallel", "2",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("2 rows, 2 trials, 2 at a time"), o.out());
        List<String> csv = Files.readAllLines(out.resolve(ReproductionReport.CSV));
        assertEquals(3, csv.size(), String.join("\n", csv));
        List<String> header = List.of(csv.get(0).split(","));
        for (String line : csv.subList(1, 3)) {
            List<String> cells = List.of(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"));
            String row = cells.get(header.indexOf("config"));
            assertTrue(Set.of("1-reber-3x2", "6a-temporal-order").contains(row), row);
            assertEquals("1", cells.get(header.indexOf("solved")), row + " was solved: " + line);
            assertTrue(Double.parseDouble(cells.get(header.indexOf("sequences_mean"))) > 0, line);
        }
        String md = Files.readString(out.resolve(ReproductionReport.MARKDOWN));
        assertTrue(md.startsWith("# Long Short-Term Memory (1997), reproduced"), md);
        assertTrue(md.contains("| 1-reber-3x2 | 1-reber-3x2 | lstm 6; adam lr 0.02, batch 1, full BPTT | 1 | 1 of 1 |"),
                md);
        assertTrue(md.contains("| 6a-temporal-order | 6a-temporal-order |"), md);
        assertTrue(md.contains("31,390, 20 trials"), md);
        assertTrue(Files.size(out.resolve(ReproductionReport.CHART)) > 1000);

        MainTest.Outcome again = MainTest.cli("reproduce", paperConfigs().toString(), "--quick", "--out",
                out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("2 trials were already finished"), again.out());
        assertTrue(!again.out().contains("[1/2]"), "nothing ran again: " + again.out());
    }

    @Test
    void aConfigWithoutAPaperRowIsRefused() {
        MainTest.Outcome o = MainTest.cli("reproduce", ProjectPaths.configs().resolve("adding.yaml").toString(),
                "--out", tmp.resolve("x").toString());
        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("adding.yaml: reproduces: missing"), o.err());
        assertTrue(!Files.exists(tmp.resolve("x")), "nothing is written for bad input");
    }

    @Test
    void quickWithoutQuickRowsIsRefused() {
        MainTest.Outcome o = MainTest.cli("reproduce", paperConfigs().resolve("4-adding-t100.yaml").toString(),
                "--quick", "--out", tmp.resolve("x").toString());
        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("--quick: none of the quick rows"), o.err());
    }
}
