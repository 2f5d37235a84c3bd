package io.carousel.toolkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed notebooks: cleared of outputs, for the kernel named java. */
class NotebookFilesTest {

    @Test
    void committedNotebooksAreClearedAndUseTheJavaKernel() throws IOException {
        List<Path> files = NotebooksTest.all().toList();
        assertEquals(4, files.size(), files.toString());
        for (Path nb : files) {
            JsonNode root = new ObjectMapper().readTree(nb.toFile());
            assertEquals("java", root.at("/metadata/kernelspec/name").asText(), nb.toString());
            for (JsonNode cell : root.get("cells")) {
                if (cell.get("cell_type").asText().equals("code")) {
                    assertEquals(0, cell.get("outputs").size(), nb + ": outputs are cleared in the committed file");
                    assertTrue(cell.get("execution_count").isNull(), nb.toString());
                }
            }
        }
    }
}
