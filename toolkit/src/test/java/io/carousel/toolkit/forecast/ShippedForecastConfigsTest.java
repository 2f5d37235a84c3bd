package io.carousel.toolkit.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped forecasting config runs end to end on a small budget: its data reads, its backtest covers the test
 * period, and every forecaster is scored. (How well each does at full size is in docs/forecasting.md.)
 */
class ShippedForecastConfigsTest {

    @TempDir
    Path tmp;

    static Stream<Path> configs() throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(ProjectPaths.configs())) {
            all = s.filter(p -> p.getFileName().toString().startsWith("forecast-")).sorted().toList();
        }
        assertEquals(7, all.size(), "a config per shipped series and Mackey-Glass: " + all);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void eachRunsAndIsScoredBesideTheBaselines(Path config) throws Exception {
        ExperimentConfig c = ConfigLoader.load(config, List.of("training.max_sequences=600",
                "training.eval_every=300"));
        ForecastSummary s = ForecastExperiment.run(c, tmp, List.of()).summary();
        assertEquals(5, s.scores().size());
        s.scores().forEach((name, sc) -> assertTrue(Double.isFinite(sc.overall().mase()), name + " " + sc));
        assertTrue(s.origins() > 0);
        assertEquals(s.origins() * (long) s.horizon() * s.targets().size(), s.lstm().overall().count());
    }
}
