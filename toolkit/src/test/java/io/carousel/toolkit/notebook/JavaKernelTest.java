package io.carousel.toolkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's evaluation, without Jupyter: values, statements, errors, images and the %jars magic. */
class JavaKernelTest {

    static JavaKernel kernel;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        kernel = new JavaKernel();
    }

    static String text(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void aCellsLastExpressionIsItsValue() throws Exception {
        assertEquals("2", text(kernel.eval("1 + 1")));
        assertEquals("6", text(kernel.eval("int a = 3;\nint b = a * 2;\nb")));
        assertEquals("abc", text(kernel.eval("String s = \"ab\";\ns + \"c\"")));
        assertNull(kernel.eval("int quiet = 1;"), "a statement shows nothing");
    }

    @Test
    void definitionsLastAcrossCells() throws Exception {
        kernel.eval("int twice(int x) { return 2 * x; }\nrecord Pair(int a, int b) { int sum() { return a + b; } }");
        assertEquals("10", text(kernel.eval("twice(new Pair(2, 3).sum())")));
    }

    @Test
    void theToolkitIsOnTheClassPathAndImported() throws Exception {
        assertEquals("ConfigLoader", text(kernel.eval("ConfigLoader.class.getSimpleName()")));
        assertEquals("6.0", text(kernel.eval("Nd4j.create(new double[] {1, 2, 3}).sumNumber().doubleValue()")));
    }

    @Test
    void compileErrorsNameTheCellsLineAndColumn() {
        JavaKernel.CompileError e = assertThrows(JavaKernel.CompileError.class,
                () -> kernel.eval("int x = 1;\n\nString s = x;"));
        assertTrue(e.getMessage().startsWith("line 3, column 12: incompatible types"), e.getMessage());
        List<String> shown = kernel.formatError(e);
        assertTrue(shown.stream().anyMatch(l -> l.contains("line 3, column 12")), shown.toString());
    }

    @Test
    void runtimeExceptionsShowTheirClassMessageAndCause() {
        JavaKernel.CellException e = assertThrows(JavaKernel.CellException.class,
                () -> kernel.eval("Integer.parseInt(\"x\")"));
        assertEquals("java.lang.NumberFormatException: For input string: \"x\"", e.getMessage());
        JavaKernel.CellException wrapped = assertThrows(JavaKernel.CellException.class, () -> kernel.eval(
                "throw new IllegalStateException(\"outer\", new java.io.IOException(\"disk\"));"));
        List<String> shown = kernel.formatError(wrapped);
        assertTrue(shown.stream().anyMatch(l -> l.contains("caused by java.io.IOException: disk")), shown.toString());
    }

    @Test
    void imagesAndChartsDisplayAsPng() throws Exception {
        DisplayData image = kernel.eval("new java.awt.image.BufferedImage(4, 3, "
                + "java.awt.image.BufferedImage.TYPE_INT_RGB)");
        byte[] png = Base64.getDecoder().decode((String) image.getData(MIMEType.IMAGE_PNG));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        DisplayData chart = kernel.eval("var c = new XYChartBuilder().width(200).height(100).title(\"t\").build();\n"
                + "c.addSeries(\"s\", new double[] {1, 2}, new double[] {3, 4});\nc");
        assertTrue(chart.hasDataForType(MIMEType.IMAGE_PNG));
        assertEquals("XYChart \"t\" (200x100)", text(chart));
    }

    @Test
    void jarsMagicAddsAJarForLaterCells() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/hello"));
        Files.writeString(src.resolve("Greeter.java"),
                "package hello; public class Greeter { public String hi() { return \"hi from a jar\"; } }");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Greeter.java").toString()));
        Path jar = tmp.resolve("greeter.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("hello/Greeter.class"));
            j.write(Files.readAllBytes(classes.resolve("hello/Greeter.class")));
            j.closeEntry();
        }
        assertEquals("hi from a jar", text(kernel.eval("%jars " + jar + "\nnew hello.Greeter().hi()")));
        assertThrows(IllegalArgumentException.class, () -> kernel.eval("%jars " + tmp.resolve("none-*.jar")));
    }

    @Test
    void anInterruptEndsARunningCell() throws Exception {
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            kernel.interrupt();
        });
        interrupter.start();
        JavaKernel.CellException e = assertThrows(JavaKernel.CellException.class,
                () -> kernel.eval("long spins = 0;\nwhile (true) { spins++; }"));
        assertEquals("interrupted", e.getMessage());
        interrupter.join();
        assertEquals("2", text(kernel.eval("1 + 1")), "the kernel goes on after an interrupt");
    }

    @Test
    void cellsAreCompleteOrNot() {
        assertEquals("complete", kernel.isComplete("int y = 2;"));
        assertEquals("incomplete", kernel.isComplete("void f() {"));
    }
}
