package io.carousel.toolkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carousel.toolkit.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every notebook in {@code notebooks/} runs top to bottom, headless, with {@code jupyter nbconvert --execute} against
 * this kernel installed under a temporary prefix. Without Jupyter the test is skipped, unless
 * {@code CAROUSEL_REQUIRE_NOTEBOOKS=1} (as CI sets it after installing Jupyter), when that is a failure.
 */
class NotebooksTest {

    @TempDir
    static Path tmp;

    static Path notebooks() {
        return ProjectPaths.configs().resolveSibling("notebooks");
    }

    static Stream<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(notebooks())) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void jupyterAndTheKernel() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String why = "jupyter nbconvert is not installed (apt-get install -y --no-install-recommends "
                    + "jupyter-nbconvert jupyter-client)";
            if ("1".equals(System.getenv("CAROUSEL_REQUIRE_NOTEBOOKS"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        KernelSpec.install(KernelSpec.prefixKernels(tmp.resolve("jupyter")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void runsTopToBottom(Path notebook) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("executed"));
        ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                notebook.getFileName().toString(), "--output-dir", out.toString(),
                "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.kernel_name=java")
                .directory(notebooks().toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(notebook.getFileName() + ".log").toFile());
        pb.environment().put("JUPYTER_PATH", tmp.resolve("jupyter/share/jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString());
        pb.environment().put("CAROUSEL_RUNS", tmp.resolve("runs").toString());
        Process p = pb.start();
        boolean finished = p.waitFor(20, TimeUnit.MINUTES);
        String log = Files.readString(tmp.resolve(notebook.getFileName() + ".log"));
        assertTrue(finished, notebook + " still running after 20 minutes");
        assertEquals(0, p.exitValue(), notebook + " failed:\n" + log);
        JsonNode executed = new ObjectMapper().readTree(out.resolve(notebook.getFileName()).toFile());
        for (JsonNode cell : executed.get("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                assertTrue(!output.path("output_type").asText().equals("error"), notebook + ": " + output);
            }
        }
    }
}
