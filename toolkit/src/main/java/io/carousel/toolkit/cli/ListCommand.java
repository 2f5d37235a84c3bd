package io.carousel.toolkit.cli;

import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.Describe;
import io.carousel.toolkit.config.LayerSpec;
import io.carousel.toolkit.config.TaskSpec;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code list}: the task and layer types a config may name. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the task types and layer types.")
final class ListCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        print(out, "task types (task.type):", ConfigLoader.types(TaskSpec.class));
        out.println();
        print(out, "layer types (model.layers[].type):", ConfigLoader.types(LayerSpec.class));
    }

    private static void print(PrintWriter out, String heading, Map<String, Class<?>> types) {
        out.println(heading);
        int width = types.keySet().stream().mapToInt(String::length).max().orElse(0);
        types.forEach((name, type) -> {
            Describe d = type.getAnnotation(Describe.class);
            out.printf("  %-" + width + "s  %s%n", name, d == null ? "" : d.value());
        });
    }
}
