package io.carousel.toolkit.cli;

import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ConfigProblem;
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

    @Parameters(paramLabel = "CONFIG", arity = "1..*", description = "YAML configs to check.")
    List<Path> configs;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path config : configs) {
            try {
                ConfigLoader.load(config, overrides);
                out.println(config + ": ok");
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        problems.forEach(err::println);
        return problems.isEmpty() ? Main.OK : Main.BAD_INPUT;
    }
}
