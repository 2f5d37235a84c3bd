package io.carousel.toolkit.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The kernelspec Jupyter finds the kernel by: {@code kernels/java/kernel.json}, whose command starts this JVM's
 * {@code java} on the toolkit (the jar it runs from, or its class path) with {@code notebook kernel}.
 */
public final class KernelSpec {

    public static final String NAME = "java";

    private KernelSpec() {
    }

    /** Jupyter's per-user data directory's kernels folder ({@code jupyter --data-dir}/kernels). */
    public static Path userKernels() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter/kernels");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData == null ? home.resolve("AppData/Roaming").toString() : appData, "jupyter",
                    "kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".local/share") : Path.of(xdg)).resolve("jupyter/kernels");
    }

    /** The kernels folder under an installation prefix ({@code PREFIX/share/jupyter/kernels}). */
    public static Path prefixKernels(Path prefix) {
        return prefix.resolve("share/jupyter/kernels");
    }

    /** Writes the kernelspec into {@code kernels/java/}; returns that directory. */
    public static Path install(Path kernels) throws IOException {
        Path dir = kernels.resolve(NAME);
        Files.createDirectories(dir);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", command());
        spec.put("display_name", "Java (Carousel)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("metadata", Map.of("carousel", Map.of("kernel", "JShell in the kernel's JVM")));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("kernel.json").toFile(),
                spec);
        return dir;
    }

    /** Removes the kernelspec from {@code kernels}; false if there was none. */
    public static boolean uninstall(Path kernels) throws IOException {
        Path dir = kernels.resolve(NAME);
        if (!Files.exists(dir.resolve("kernel.json"))) {
            return false;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return true;
    }

    /** The kernel's command line, with Jupyter's {@code {connection_file}} placeholder. */
    static List<String> command() {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent()) {
            argv.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        Path jar = runningJar();
        if (jar != null) {
            argv.addAll(List.of("-jar", jar.toString()));
        } else {
            argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.carousel.toolkit.cli.Main"));
        }
        argv.addAll(List.of("notebook", "kernel", "{connection_file}"));
        return argv;
    }

    /** The toolkit's jar when running from one (java -jar toolkit.jar), else null. */
    private static Path runningJar() {
        try {
            Path p = Path.of(KernelSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") && p.getFileName().toString()
                    .startsWith("toolkit") ? p.toAbsolutePath() : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
