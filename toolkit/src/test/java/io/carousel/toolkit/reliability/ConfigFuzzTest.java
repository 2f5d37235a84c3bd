package io.carousel.toolkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of malformed configs, made from every shipped config by mutations that each make it invalid (an unknown
 * key, a wrong type, a missing section, numbers out of range or too large, a tab, a duplicate key, wrong nesting)
 * plus documents that are no config at all (empty, syntax errors, binary garbage, deep nesting, a huge file, a YAML
 * tag naming a Java class, an alias bomb). For each, {@code validate} must exit with 2 and print one line per problem,
 * {@code file:line: path: problem}, with no stack trace, promptly.
 */
class ConfigFuzzTest {

    @TempDir
    static Path tmp;

    private static final Pattern PROBLEM = Pattern.compile("(.+):(\\d+): (\\S+): (.+)");
    private static final Pattern UNITS = Pattern.compile("units: \\d+");

    record Mutation(String name, UnaryOperator<String> apply) {
    }

    static final List<Mutation> MUTATIONS = List.of(
            new Mutation("unknown key", t -> t + "\nsurprise_key: 1\n"),
            new Mutation("unknown nested key", t -> t.replaceFirst("(?m)^training:[ \\t]*$",
                    "training:\n  batch_sise: 8") + (t.matches("(?s).*(?m)^training:[ \\t]*$.*") ? ""
                    : "\ntraining: {batch_sise: 8}\n")),
            new Mutation("wrong type", t -> t.matches("(?s).*(?m)^seed:.*")
                    ? t.replaceFirst("(?m)^seed:.*$", "seed: twelve") : "seed: twelve\n" + t),
            new Mutation("list for a number", t -> UNITS.matcher(t).replaceFirst("units: [8, 16]")),
            new Mutation("missing task", t -> removeBlock(t, "task")),
            new Mutation("missing model", t -> removeBlock(t, "model")),
            new Mutation("zero units", t -> UNITS.matcher(t).replaceFirst("units: 0")),
            new Mutation("negative units", t -> UNITS.matcher(t).replaceFirst("units: -3")),
            new Mutation("huge number", t -> UNITS.matcher(t).replaceFirst("units: 99999999999999999999999999")),
            new Mutation("tab indentation", t -> t.replaceFirst("(?m)^  (\\S)", "\t$1")),
            new Mutation("duplicate key", t -> t.replaceFirst("(?m)^(task:.*)$", "seed: 1\nseed: 2\n$1")),
            new Mutation("scalar for a mapping", t -> removeBlock(t, "training") + "\ntraining: 5\n"),
            new Mutation("list for a mapping", t -> removeBlock(t, "model") + "\nmodel: [1, 2]\n"),
            new Mutation("unknown task type", t -> t.replaceFirst("type: [a-z_0-9]+", "type: addding")));

    /** Documents that are no config at all. */
    static List<Object[]> garbage() {
        Random r = new Random(42);
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"empty", new byte[0]});
        out.add(new Object[] {"whitespace", "   \n\n  \n".getBytes(StandardCharsets.UTF_8)});
        out.add(new Object[] {"comments only", "# nothing\n# here\n".getBytes(StandardCharsets.UTF_8)});
        out.add(new Object[] {"unclosed flow", "task: {type: adding, length: 100\nmodel: {}\n".getBytes()});
        out.add(new Object[] {"bad indentation", "task:\n  type: adding\n length: 100\n".getBytes()});
        out.add(new Object[] {"colons", "task: : :\n".getBytes()});
        out.add(new Object[] {"a list document", "- 1\n- 2\n".getBytes()});
        out.add(new Object[] {"a scalar document", "hello\n".getBytes()});
        out.add(new Object[] {"java tag", ("task: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
                + "[[!!java.net.URL [\"http://localhost/\"]]]]\n").getBytes()});
        out.add(new Object[] {"custom tag", "task: !carousel.Evil {type: adding}\n".getBytes()});
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *")
                    .append((char) (c - 1)).append(", *").append((char) (c - 1)).append("]\n");
        }
        out.add(new Object[] {"alias bomb", bomb.toString().getBytes()});
        out.add(new Object[] {"deep mappings", ("task: " + "{a: ".repeat(200) + "1" + "}".repeat(200) + "\n")
                .getBytes()});
        out.add(new Object[] {"deep lists", ("task: " + "[".repeat(5000) + "]".repeat(5000) + "\n").getBytes()});
        out.add(new Object[] {"over a MiB", ("# " + "x".repeat(1 << 20) + "\ntask: {type: adding}\n").getBytes()});
        for (int i = 0; i < 8; i++) {
            byte[] b = new byte[64 + r.nextInt(2000)];
            r.nextBytes(b);
            out.add(new Object[] {"binary " + i, b});
        }
        byte[] nul = "task: {type: adding, length: 100}\n".getBytes();
        nul[10] = 0;
        out.add(new Object[] {"a NUL byte", nul});
        out.add(new Object[] {"latin-1", "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)});
        return out;
    }

    static List<Path> shippedConfigs() throws IOException {
        Path configs = ProjectPaths.configs();
        try (Stream<Path> s = Stream.concat(Files.list(configs), Files.list(configs.resolve("paper")))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> malformedConfigsAreCleanErrors() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path config : shippedConfigs()) {
            String text = Files.readString(config);
            for (Mutation m : MUTATIONS) {
                String mutated = m.apply().apply(text);
                if (mutated.equals(text)) {
                    continue;
                }
                String name = config.getFileName() + ": " + m.name();
                tests.add(DynamicTest.dynamicTest(name, () -> check(name, mutated.getBytes(StandardCharsets.UTF_8))));
            }
        }
        for (Object[] g : garbage()) {
            String name = (String) g[0];
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, (byte[]) g[1])));
        }
        assertTrue(tests.size() >= 200, "at least 200 malformed configs, got " + tests.size());
        return tests.stream();
    }

    static void check(String name, byte[] content) throws IOException {
        Path file = tmp.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + ".yaml");
        Files.write(file, content);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Main.commandLine(new PrintWriter(out,
                true), new PrintWriter(err, true)).execute("validate", file.toString()));
        String errors = err.toString();
        assertEquals(2, code, name + ": " + errors + out);
        assertFalse(errors.isBlank(), name);
        for (String line : errors.lines().toList()) {
            Matcher m = PROBLEM.matcher(line);
            assertTrue(m.matches(), name + ": not file:line: path: problem: " + line);
            assertEquals(file.toString(), m.group(1), line);
            assertFalse(line.contains("Exception") || line.contains("\tat ") || line.contains("com.fasterxml")
                    || line.contains("org.yaml"), name + ": internals leak: " + line);
            assertTrue(line.length() < 2000, name + ": one short line: " + line.length() + " characters");
        }
    }

    /** {@code text} without the top-level block {@code key:} (its line and the indented lines after it). */
    static String removeBlock(String text, String key) {
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(key + ":")) {
                inside = true;
                continue;
            }
            if (inside && (line.startsWith(" ") || line.startsWith("\t") || line.isBlank())) {
                continue;
            }
            inside = false;
            kept.add(line);
        }
        return String.join("\n", kept);
    }
}
