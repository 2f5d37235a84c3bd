package io.carousel.toolkit.forecast;

import io.carousel.tasks.forecast.DataException;
import io.carousel.tasks.forecast.ForecastProblem;
import io.carousel.tasks.forecast.Series;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.SeriesSpec;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/**
 * A trained forecasting model, loaded from its run directory with its scaler and its settings, forecasting the
 * steps after the end of a history it is given.
 */
public final class Forecaster {

    private final ForecastSummary summary;
    private final SeriesSpec spec;
    private final MultiLayerNetwork network;
    private final DataNormalization scaler;

    private Forecaster(ForecastSummary summary, SeriesSpec spec, MultiLayerNetwork network, DataNormalization scaler) {
        this.summary = summary;
        this.spec = spec;
        this.network = network;
        this.scaler = scaler;
    }

    /** Loads the model a forecasting {@code run} saved; a directory that is not one is a {@link DataException}. */
    public static Forecaster load(Path runDir) throws IOException, ConfigException {
        String source = runDir.toString();
        for (String needed : List.of("config.yaml", "summary.json", "model.zip")) {
            if (!Files.isRegularFile(runDir.resolve(needed))) {
                throw new DataException(source, 0, null, "not a finished run directory: it has no " + needed);
            }
        }
        ExperimentConfig config = ConfigLoader.load(runDir.resolve("config.yaml"));
        if (!(config.task() instanceof SeriesSpec spec)) {
            throw new DataException(source, 0, null, "is not a forecasting run (its task is not forecast or "
                    + "mackey_glass)");
        }
        ForecastSummary summary = ForecastSummary.read(runDir.resolve("summary.json"));
        Path model = runDir.resolve("model.zip");
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        DataNormalization scaler;
        try {
            scaler = ModelSerializer.restoreNormalizerFromFile(model.toFile());
        } catch (Exception e) {
            throw new IOException("cannot read the scaler saved in " + model + ": " + e.getMessage(), e);
        }
        return new Forecaster(summary, spec, net, scaler);
    }

    /** The steps the model forecasts at once. */
    public int horizon() {
        return summary.horizon();
    }

    /** Reads the history in {@code csv} (the columns the model was trained on) and forecasts beyond its end. */
    public Forecast forecast(Path csv, int steps) {
        if (steps < 1 || steps > horizon()) {
            throw new IllegalArgumentException("--horizon must be in [1, " + horizon() + "] (the model forecasts "
                    + horizon() + " steps at once), got " + steps);
        }
        Series history = spec.readInput(csv, summary.time(), summary.targets());
        double[][] f = ForecastProblem.beyond(history, spec.settings()).forecastBeyondEnd(scaler,
                x -> network.output(x, false));
        return new Forecast(summary.time(), summary.targets(), TimeAxis.next(history.times(), steps),
                java.util.Arrays.copyOf(f, steps));
    }

    /**
     * Forecast values: {@code values[step][target]} at {@code times}.
     */
    public record Forecast(String timeColumn, List<String> targets, List<String> times, double[][] values) {

        /** As CSV: a header line (the time column, then the targets), then one line per step. */
        public void writeCsv(Writer out) throws IOException {
            out.write(timeColumn + "," + String.join(",", targets) + "\n");
            for (int h = 0; h < times.size(); h++) {
                StringBuilder line = new StringBuilder(times.get(h));
                for (double v : values[h]) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6g", v));
                }
                out.write(line.append('\n').toString());
            }
            out.flush();
        }
    }
}
