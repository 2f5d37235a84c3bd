package io.carousel.toolkit.cli;

import static io.carousel.toolkit.ProjectPaths.configs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carousel.toolkit.report.MetricsCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI through its front door: exit codes, output and the run directory. */
public class MainTest {

    @TempDir
    Path tmp;

    public record Outcome(int code, String out, String err) {
    }

    /** Runs the command line in this JVM, capturing its output and exit code. */
    public static Outcome cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }


    @Test
    void runWritesTheRunDirectory() throws IOException {
        Path runs = tmp.resolve("runs");
        Outcome o = cli("run", configs().resolve("adding.yaml").toString(), "--runs-dir", runs.toString(),
                "--set", "training.max_sequences=200", "--set", "training.eval_every=100",
                "--set", "training.test_sequences=100", "--no-progress");
        assertEquals(0, o.code(), o.err());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runs)) {
            dirs = s.toList();
        }
        assertEquals(1, dirs.size(), "exactly one new run directory");
        Path dir = dirs.get(0);
        assertTrue(dir.getFileName().toString().startsWith("adding-"), dir.toString());
        assertTrue(o.out().contains("results: " + dir), o.out());
        assertTrue(o.out().startsWith("backend: cpu"), o.out());
        for (String f : List.of("config.yaml", "metrics.csv", "summary.json", "model.zip", "loss.png", "report.md")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f + " written");
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("adding", summary.get("task").asText());
        assertEquals("cpu", summary.get("backend").asText());
        assertEquals(7, summary.get("seed").asLong());
        assertEquals(200, summary.get("sequences").asLong());
        assertFalse(summary.get("solved").asBoolean());
        assertTrue(summary.get("wall_seconds").asDouble() > 0);
        assertTrue(summary.get("train_sequences_per_second").asDouble() > 0);
        assertEquals(100, summary.get("test").get("sequences").asInt());
        assertTrue(summary.get("test").get("wrong").asInt() >= 0);
        assertTrue(summary.get("test").get("mse").asDouble() > 0);
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(MetricsCsv.HEADER, metrics.get(0));
        assertEquals(3, metrics.size(), "a row at 100 and at 200 sequences");
        assertTrue(Files.readString(dir.resolve("config.yaml")).contains("max_sequences: 200"));
        assertEquals(2, ModelSerializer.restoreMultiLayerNetwork(dir.resolve("model.zip").toFile()).getnLayers());
        assertTrue(o.err().contains("200 sequences"), "plain progress lines when not a terminal: " + o.err());
    }

    @Test
    void trialsRunEachSeedInItsOwnDirectoryAndSummariseThem() throws IOException {
        Path runs = tmp.resolve("runs");
        Outcome o = cli("run", configs().resolve("adding.yaml").toString(), "--runs-dir", runs.toString(),
                "--set", "training.max_sequences=128", "--set", "training.test_sequences=20", "--trials", "3",
                "--parallel", "2");
        assertEquals(0, o.code(), o.err());
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.toList().get(0);
        }
        assertTrue(dir.getFileName().toString().startsWith("adding-trials-"), dir.toString());
        List<String> trialDirs;
        try (Stream<Path> s = Files.list(dir)) {
            trialDirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(3, trialDirs.size(), trialDirs.toString());
        for (int seed = 7; seed <= 9; seed++) {
            String prefix = "adding-seed" + seed + "-";
            assertTrue(trialDirs.stream().anyMatch(d -> d.startsWith(prefix)), prefix + " in " + trialDirs);
        }
        JsonNode trials = new ObjectMapper().readTree(dir.resolve("trials.json").toFile());
        assertEquals(3, trials.get("stats").get("trials").asInt());
        assertEquals(0, trials.get("stats").get("solved").asInt(), "128 sequences cannot solve it");
        assertEquals(3, trials.get("trials").size());
        assertEquals(List.of(7L, 8L, 9L), List.of(trials.get("trials").get(0).get("seed").asLong(),
                trials.get("trials").get(1).get("seed").asLong(), trials.get("trials").get(2).get("seed").asLong()));
        assertTrue(Files.readString(dir.resolve("trials.md")).contains("| 8 | no (budget) | 128 |"));
        assertTrue(o.out().contains("solved 0 of 3"), o.out());
    }

    @Test
    void aSecondRunNeverOverwritesTheFirst() throws IOException {
        Path runs = tmp.resolve("runs");
        String[] args = {"run", configs().resolve("adding.yaml").toString(), "--runs-dir", runs.toString(), "--set",
            "training.max_sequences=64", "--set", "training.test_sequences=10", "--no-progress"};
        assertEquals(0, cli(args).code());
        assertEquals(0, cli(args).code());
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> dirs = s.sorted().toList();
            assertEquals(2, dirs.size());
            assertNotEquals(dirs.get(0), dirs.get(1));
        }
    }

    @Test
    void badConfigExitsTwoWithOneLineAndNoRun() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "task: {type: adding, length: 100}\nmodel:\n  layers:\n    - {type: lstm, units: 0}\n");
        Path runs = tmp.resolve("runs");
        Outcome o = cli("run", bad.toString(), "--runs-dir", runs.toString());
        assertEquals(2, o.code());
        assertEquals(bad + ":4: model.layers[0].units: must be in [1, 65536], got 0", o.err().strip());
        assertFalse(Files.exists(runs), "no run directory for a config that never ran");
    }

    @Test
    void badSetExitsTwo() {
        Outcome o = cli("run", configs().resolve("adding.yaml").toString(), "--set", "training.batch_size=big");
        assertEquals(2, o.code());
        assertTrue(o.err().strip().endsWith("(--set): training.batch_size: must be a whole number, got 'big'"),
                o.err());
    }

    @Test
    void validateReportsEveryProblemOnStderr() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "task: {type: adding, length: 100}\nmodel: {layers: [{type: lstm, units: 4}]}\n"
                + "training: {batch_size: 0}\n");
        Outcome ok = cli("validate", configs().resolve("adding.yaml").toString());
        assertEquals(0, ok.code(), ok.err());
        Outcome o = cli("validate", configs().resolve("adding.yaml").toString(), bad.toString());
        assertEquals(2, o.code());
        assertEquals(bad + ":3: training.batch_size: must be in [1, 65536], got 0", o.err().strip());
        assertFalse(o.err().contains("at io."), "no stack trace");
    }

    @Test
    void stacktraceOnlyWhenAsked() {
        Outcome plain = cli("run", tmp.resolve("missing.yaml").toString());
        assertEquals(2, plain.code());
        assertEquals(1, plain.err().strip().lines().count(), plain.err());
        Outcome traced = cli("run", "--stacktrace", tmp.resolve("missing.yaml").toString());
        assertTrue(traced.err().contains("at io.carousel"), traced.err());
    }

    @Test
    void listNamesTaskAndLayerTypes() {
        Outcome o = cli("list");
        assertEquals(0, o.code());
        for (String name : List.of("adding", "lstm", "graves_lstm", "lstm_1997", "simple_rnn", "bidirectional",
                "dense")) {
            assertTrue(o.out().contains("  " + name + " "), name + " in " + o.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate", "list"})
    void everyCommandHasHelp(String command) {
        Outcome o = cli(command, "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("Usage:"), o.out());
    }

    @Test
    void unknownOptionIsBadInput() {
        assertEquals(2, cli("run", "--frobnicate").code());
    }
}
