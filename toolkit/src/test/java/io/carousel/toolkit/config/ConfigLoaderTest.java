package io.carousel.toolkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.EmbeddedReber;
import io.carousel.tasks.hs97.LongTimeLag;
import io.carousel.tasks.hs97.Multiplication;
import io.carousel.tasks.hs97.NoisySignal;
import io.carousel.tasks.hs97.TemporalOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    /** The project's configs/ folder, found from the module directory Maven runs tests in. */
    static Path configsDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("configs")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("configs");
            }
        }
        throw new IllegalStateException("no configs/ above " + here);
    }

    static Stream<Path> shippedConfigs() throws IOException {
        try (Stream<Path> files = Files.walk(configsDir())) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(list.isEmpty(), "configs/ holds configs");
            return list.stream();
        }
    }

    static Stream<Path> invalidFixtures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/invalid-configs"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void everyShippedConfigValidates(Path config) throws ConfigException {
        ExperimentConfig c = ConfigLoader.load(config);
        assertTrue(c.task().create(c.seed()).name().length() > 0);
    }

    /** Each fixture's first line reads {@code # expect: LINE: PATH: start of the message}. */
    @ParameterizedTest
    @MethodSource("invalidFixtures")
    void invalidConfigsNameTheLineAndPath(Path fixture) throws IOException {
        String expect = Files.readAllLines(fixture).get(0).replaceFirst("^# expect: ", "");
        String[] parts = expect.split(": ", 3);
        String path = parts[1].isEmpty() ? "(root)" : parts[1];
        String expectedPrefix = fixture + ":" + parts[0] + ": " + path + ": " + (parts.length > 2 ? parts[2] : "");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(fixture));
        List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(expectedPrefix)),
                "expected a problem starting with\n  " + expectedPrefix + "\ngot\n  " + String.join("\n  ", lines));
        for (String line : lines) {
            assertFalse(line.contains("\n"), "one line per problem: " + line);
            assertFalse(line.contains("com.fasterxml") || line.contains("Exception"), "no internals: " + line);
        }
    }

    @Test
    void defaultsAreFilledIn() throws ConfigException {
        ExperimentConfig c = parse("task: {type: adding, length: 50}\nmodel: {layers: [{type: lstm, units: 4}]}\n");
        assertEquals("test", c.name());
        assertEquals(Backend.CPU, c.backend());
        assertEquals(1, c.threads());
        assertEquals(OptimizerType.ADAM, c.training().optimizer().type());
        assertEquals(2560, c.training().testSequences());
        assertEquals(StopRule.PAPER, c.training().stop());
        LayerSpec.Lstm lstm = (LayerSpec.Lstm) c.model().layers().get(0);
        assertEquals(1.0, lstm.forgetBias());
        assertEquals(ActivationName.TANH, lstm.activation());
        assertEquals(OutputAt.LAST, c.model().output().at());
    }

    @Test
    void setOverridesAreValidatedLikeTheFile() throws ConfigException {
        String yaml = "task: {type: adding, length: 50}\nmodel: {layers: [{type: lstm, units: 4}]}\n";
        ExperimentConfig c = ConfigLoader.parse(yaml, "x.yaml", "x",
                List.of("training.max_sequences=5000", "seed=3", "model.layers[0].units=16",
                        "training.optimizer.type=sgd"));
        assertEquals(5000, c.training().maxSequences());
        assertEquals(3, c.seed());
        assertEquals(16, c.model().layers().get(0).width());
        assertEquals(OptimizerType.SGD, c.training().optimizer().type());

        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "x.yaml", "x",
                List.of("model.layers[0].units=0")));
        assertEquals("x.yaml (--set): model.layers[0].units: must be in [1, 65536], got 0",
                bad.problems().get(0).toString());
        ConfigException outOfRange = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "x.yaml", "x",
                List.of("model.layers[3].units=4")));
        assertTrue(outOfRange.getMessage().contains("index 3 is out of range"), outOfRange.getMessage());
        ConfigException typo = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "x.yaml", "x",
                List.of("training.max_sequence=5")));
        assertTrue(typo.getMessage().startsWith("x.yaml (--set): training.max_sequence: unknown key (did you mean "
                + "'max_sequences'?"), typo.getMessage());
    }

    @Test
    void allUnknownKeysAreReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(
                "task: {type: adding, length: 50, lenght: 3}\nmodel: {layers: [{type: lstm, units: 4}]}\nfoo: 1\n"));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void resolvedYamlLoadsBackToTheSameConfig() throws ConfigException {
        ExperimentConfig c = ConfigLoader.load(configsDir().resolve("adding.yaml"));
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("type: adding"), yaml);
        assertEquals(c, ConfigLoader.parse(yaml, "resolved.yaml", "other", List.of()));
    }

    @Test
    void recordsCheckJavaCallersToo() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new LayerSpec.Lstm(0, ActivationName.TANH, ActivationName.SIGMOID, 1.0, 0.0, 0.0, LayerImpl.FUSED));
        assertEquals("units", e.key());
    }

    @Test
    void oversizedAndMissingFilesAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "#".repeat(ConfigLoader.MAX_BYTES + 1));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(big)).getMessage()
                .contains("larger than"));
        Path missing = dir.resolve("missing.yaml");
        assertEquals(missing + ":1: (root): no such file",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(missing)).getMessage());
    }

    @Test
    void suggestsCloseNamesOnly() {
        assertEquals("training", Suggest.closest("trainig", List.of("task", "training", "model")).orElseThrow());
        assertTrue(Suggest.closest("zzzzzz", List.of("task", "training", "model")).isEmpty());
    }

    /** A config with {@code task} (a YAML flow mapping), the output at {@code at}, and seed 9. */
    private static ExperimentConfig withTask(String task, String at) throws ConfigException {
        return parse("seed: 9\ntask: " + task + "\nmodel:\n  layers: [{type: lstm, units: 4}]\n  output: {at: " + at
                + "}\n");
    }

    @Test
    void reberLoadsWithThePapersSizesAndTheExperimentSeed() throws ConfigException {
        ExperimentConfig c = withTask("{type: reber}", "every");
        assertEquals(new ReberSpec(256, 256), c.task());
        assertEquals(new EmbeddedReber(256, 256, 9), c.task().create(c.seed()));
        assertEquals(new ReberSpec(100, 50), withTask("{type: reber, train_strings: 100, test_strings: 50}", "every")
                .task());
    }

    @Test
    void longLagLoadsEachVariant() throws ConfigException {
        Task a = withTask("{type: long_lag, variant: a, p: 100}", "every").task().create(9);
        assertEquals(new LongTimeLag(LongTimeLag.Variant.A, 100, 0), a);
        assertEquals(new LongTimeLag(LongTimeLag.Variant.B, 100, 0),
                withTask("{type: long_lag, variant: b, p: 100}", "every").task().create(9));
        ExperimentConfig c = withTask("{type: long_lag, variant: c, p: 50, q: 50}", "last");
        assertEquals(new LongTimeLag(LongTimeLag.Variant.C, 50, 50), c.task().create(c.seed()));
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("variant: c"), yaml);
        assertEquals(c, ConfigLoader.parse(yaml, "resolved.yaml", "other", List.of()));
        ConfigException wrongPlace = assertThrows(ConfigException.class,
                () -> withTask("{type: long_lag, variant: a, p: 100}", "last"));
        assertTrue(wrongPlace.getMessage().contains("model.output.at: task long_lag has targets at every step"),
                wrongPlace.getMessage());
    }

    @Test
    void noisySignalLoads() throws ConfigException {
        ExperimentConfig c = withTask("{type: noisy_signal, variant: b, length: 100, n: 3}", "last");
        assertEquals(new NoisySignal(NoisySignal.Variant.B, 100, 3), c.task().create(c.seed()));
    }

    @Test
    void multiplicationLoads() throws ConfigException {
        ExperimentConfig c = withTask("{type: multiplication, length: 100, n_seq: 140}", "last");
        assertEquals(new MultiplicationSpec(100, 140), c.task());
        assertEquals(new Multiplication(100, 140), c.task().create(c.seed()));
    }

    @Test
    void temporalOrderLoads() throws ConfigException {
        ExperimentConfig c = withTask("{type: temporal_order, variant: b}", "last");
        assertEquals(new TemporalOrder(TemporalOrder.Variant.B), c.task().create(c.seed()));
        ConfigException e = assertThrows(ConfigException.class, () -> withTask("{type: temporal_order}", "last"));
        assertEquals("test.yaml:2: task.variant: is required", e.getMessage());
    }

    private static ExperimentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", "test", List.of());
    }
}
