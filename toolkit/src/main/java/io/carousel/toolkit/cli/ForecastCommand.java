package io.carousel.toolkit.cli;

import io.carousel.toolkit.forecast.Forecaster;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code forecast RUN_DIR --input FILE.csv}: the next steps after a history, from a trained forecasting model. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast the steps after the end of a CSV history with the model a forecasting run saved.")
final class ForecastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A forecasting run's directory (from `run`).")
    Path runDir;

    @Option(names = "--input", paramLabel = "FILE.csv", required = true,
            description = "The history: a CSV file with the columns the model was trained on.")
    Path input;

    @Option(names = "--horizon", paramLabel = "H",
            description = "Steps to forecast, at most the model's horizon (default: the model's horizon).")
    Integer horizon;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the forecast here (default: stdout); "
            + "an existing file is not overwritten.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Forecaster model = Forecaster.load(runDir);
        int steps = horizon == null ? model.horizon() : horizon;
        if (steps < 1 || steps > model.horizon()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--horizon must be in [1, "
                    + model.horizon() + "] (the model forecasts " + model.horizon() + " steps at once), got " + steps);
        }
        Forecaster.Forecast forecast = model.forecast(input, steps);
        if (out == null) {
            forecast.writeCsv(spec.commandLine().getOut());
        } else {
            try (Writer w = Files.newBufferedWriter(out, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                forecast.writeCsv(w);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
                        + " exists; forecast never overwrites a file");
            }
            spec.commandLine().getOut().println("forecast: " + out);
        }
        return Main.OK;
    }
}
