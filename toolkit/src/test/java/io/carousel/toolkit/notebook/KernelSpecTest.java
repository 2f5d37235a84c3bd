package io.carousel.toolkit.notebook;

import static io.carousel.toolkit.cli.MainTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carousel.toolkit.cli.MainTest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @TempDir
    Path tmp;

    @Test
    void installWritesAJavaKernelspecAndUninstallRemovesIt() throws Exception {
        Outcome installed = cli("notebook", "install", "--prefix", tmp.toString());
        assertEquals(0, installed.code(), installed.err());
        Path spec = tmp.resolve("share/jupyter/kernels/java/kernel.json");
        assertTrue(installed.out().contains(spec.toString()), installed.out());
        JsonNode json = new ObjectMapper().readTree(spec.toFile());
        assertEquals("java", json.get("language").asText());
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(a -> argv.add(a.asText()));
        assertTrue(argv.get(0).endsWith("java"), argv.toString());
        assertEquals(List.of("notebook", "kernel", "{connection_file}"), argv.subList(argv.size() - 3, argv.size()));

        assertEquals(0, cli("notebook", "uninstall", "--prefix", tmp.toString()).code());
        assertFalse(Files.exists(spec.getParent()));
        Outcome again = cli("notebook", "uninstall", "--prefix", tmp.toString());
        assertTrue(again.out().startsWith("no Java kernel installed in"), again.out());
        assertEquals(2, cli("notebook", "install", "--user", "--prefix", tmp.toString()).code(),
                "--user and --prefix exclude each other");
    }
}
