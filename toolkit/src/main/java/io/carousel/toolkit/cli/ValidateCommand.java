package io.carousel.toolkit.cli;

import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.tasks.forecast.DataException;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.SeriesSpec;
import io.carousel.toolkit.sweep.SweepPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code validate CONFIG...}: check configs without training. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check configs without training: exit 0 when all are valid, 2 with one line per problem.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", arity = "1..*", description = "YAML configs to check (a forecasting config's data is read and checked too, and every point "
                    + "of a sweep).")
    List<Path> configs;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        for (Path config : configs) {
            try {
                ExperimentConfig c = ConfigLoader.load(config, overrides);
                if (c.task() instanceof SeriesSpec series) {
                    series.problem();
                }
                if (c.sweep() != null) {
                    SweepPlan.of(config);
                }
                out.println(config + ": ok");
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.add(p.toString()));
            } catch (DataException e) {
                problems.add(e.getMessage());
            }
        }
        problems.forEach(err::println);
        return problems.isEmpty() ? Main.OK : Main.BAD_INPUT;
    }
}
