package io.carousel.toolkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.cli.MainTest.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forecasting through the command line: `run` on a forecasting config, `forecast` with the saved model, bad input. */
class ForecastCommandTest {

    @TempDir
    Path tmp;

    static final String CONFIG = """
            task:
              type: forecast
              file: %s
              lookback: 12
              horizon: 3
              season: 12
              validation: 6
              test: 12
            model:
              layers:
                - {type: lstm, units: 8}
            training:
              max_sequences: %d
              eval_every: 200
              stop: early_stopping
            """;

    Path config(String file, int budget) throws IOException {
        Path c = tmp.resolve("fc.yaml");
        Files.writeString(c, CONFIG.formatted(file, budget));
        return c;
    }

    Path airline(int rows) throws IOException {
        List<String> lines = Files.readAllLines(ProjectPaths.shippedSeries("airline-passengers"));
        Path f = tmp.resolve("airline-" + rows + ".csv");
        Files.write(f, lines.subList(0, rows + 1));
        return f;
    }

    @Test
    void runThenForecastTheNextSteps() throws IOException {
        airline(144);
        Path runs = tmp.resolve("runs");
        // The data file is named relative to the config file, wherever the command runs.
        Outcome run = MainTest.cli("run", config("airline-144.csv", 600).toString(), "--runs-dir", runs.toString(),
                "--no-progress");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("seasonal naive"), run.out());
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.findFirst().orElseThrow();
        }
        Path out = tmp.resolve("next.csv");
        Outcome f = MainTest.cli("forecast", dir.toString(), "--input", airline(144).toString(), "--horizon", "2",
                "--out", out.toString());
        assertEquals(0, f.code(), f.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("month,passengers", lines.get(0));
        assertTrue(lines.get(1).startsWith("1961-01,"), lines.toString());
        double next = Double.parseDouble(lines.get(1).split(",")[1]);
        assertTrue(next > 200 && next < 800, "a forecast on the series' scale: " + next);

        Outcome again = MainTest.cli("forecast", dir.toString(), "--input", airline(144).toString(), "--out",
                out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists"), again.err());
        assertEquals(lines, Files.readAllLines(out), "an existing file is left as it was");

        Outcome tooFar = MainTest.cli("forecast", dir.toString(), "--input", airline(144).toString(), "--horizon",
                "4");
        assertEquals(2, tooFar.code());
        assertTrue(tooFar.err().contains("--horizon must be in [1, 3]"), tooFar.err());

        Outcome shortHistory = MainTest.cli("forecast", dir.toString(), "--input", airline(11).toString());
        assertEquals(2, shortHistory.code());
        assertTrue(shortHistory.err().startsWith(airline(11) + ":12: too few rows: 11, but a forecast needs "
                + "lookback 12"), shortHistory.err());
    }

    @Test
    void badDataIsExitTwoWithItsLineAndColumnAndNoRunDirectory() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "month,passengers\n1949-01,112\n1949-02,1l8\n");
        Path runs = tmp.resolve("runs");
        Outcome o = MainTest.cli("run", config("bad.csv", 600).toString(), "--runs-dir", runs.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(bad.toAbsolutePath().normalize() + ":3:passengers: not a number: '1l8'", o.err().strip());
        assertFalse(Files.exists(runs), "no run directory for bad data");
    }

    @Test
    void forecastingNeedsAStopRuleItCanMeet() throws IOException {
        Path c = tmp.resolve("paper.yaml");
        Files.writeString(c, CONFIG.formatted("x.csv", 600).replace("stop: early_stopping", "stop: paper"));
        Outcome o = MainTest.cli("validate", c.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains(":15: training.stop: forecasting has no criterion of success of its own "
                + "(allowed: early_stopping, max_sequences)"), o.err());
        Files.writeString(c, CONFIG.formatted("x.csv", 600).replace("validation: 6", "validation: 0"));
        o = MainTest.cli("validate", c.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("task.validation: early stopping needs validation steps"), o.err());
    }

    @Test
    void forecastRefusesWhatIsNotAForecastingRun() {
        Outcome o = MainTest.cli("forecast", tmp.toString(), "--input", "x.csv");
        assertEquals(2, o.code());
        assertEquals(tmp + ": not a finished run directory: it has no config.yaml", o.err().strip());
    }
}
