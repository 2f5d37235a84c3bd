package io.carousel.toolkit.notebook;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.LineMagicArgs;
import io.github.spencerpark.jupyter.kernel.magic.MagicParser;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * A Jupyter kernel for Java: Jupyter's messaging from {@code jupyter-jvm-basekernel}, each cell evaluated by the
 * JDK's JShell inside this JVM, with the toolkit on the class path and its usual imports already made. Kernel name
 * {@code java}, language {@code java}, so notebooks written for IJava open unchanged; IJava's {@code %jars} and
 * {@code %classpath} line magics work. A cell's last expression is displayed (charts and images as pictures); compile
 * errors name the cell's line and column; runtime exceptions show their cause.
 */
public final class JavaKernel extends BaseKernel {

    /** Made before the first cell runs. */
    public static final List<String> IMPORTS = List.of(
            "java.util.*", "java.nio.file.*", "java.util.stream.*",
            "io.carousel.toolkit.*", "io.carousel.toolkit.config.*", "io.carousel.toolkit.eval.*",
            "io.carousel.toolkit.forecast.*", "io.carousel.toolkit.report.*", "io.carousel.toolkit.reproduce.*",
            "io.carousel.toolkit.train.*", "io.carousel.tasks.*", "io.carousel.tasks.hs97.*",
            "org.nd4j.linalg.factory.Nd4j", "org.nd4j.linalg.api.ndarray.INDArray", "org.nd4j.linalg.dataset.DataSet",
            "org.deeplearning4j.nn.multilayer.MultiLayerNetwork", "org.knowm.xchart.*",
            "static io.carousel.toolkit.notebook.Display.display", "static io.carousel.toolkit.notebook.Display.markdown");

    /** basekernel logs every socket event at INFO to standard error, which Jupyter shows as noise (held here so the
     * setting is not collected with the logger). */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.github.spencerpark");

    private final CapturingExecutionControl control = new CapturingExecutionControl();
    private volatile boolean interrupted;
    private final JShell shell;
    private final MagicParser magics = new MagicParser();
    private final LanguageInfo languageInfo = new LanguageInfo("java", Runtime.version().toString(),
            "text/x-java-source", ".jshell", "java", "java", "script");

    public JavaKernel() {
        shell = JShell.builder().executionEngine(new CapturingExecutionControl.Provider(control), Map.of()).build();
        shell.addToClasspath(System.getProperty("java.class.path"));
        for (String i : IMPORTS) {
            List<SnippetEvent> events = shell.eval("import " + i + ";");
            if (events.stream().anyMatch(e -> e.status() == Snippet.Status.REJECTED)) {
                throw new IllegalStateException("the kernel cannot import " + i);
            }
        }
        Display.attach(this);
    }

    /** Serves the connection described by {@code connectionFile} until Jupyter shuts the kernel down. */
    public static void serve(Path connectionFile) throws Exception {
        System.setProperty("java.awt.headless", "true");
        QUIET.setLevel(java.util.logging.Level.WARNING);
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
        JupyterConnection connection = new JupyterConnection(properties);
        JavaKernel kernel = new JavaKernel();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Carousel's Java kernel: JShell on Java " + Runtime.version() + ", the toolkit on the class path";
    }

    /** A compile error in a cell, located by the cell's own line and column. */
    public static final class CompileError extends Exception {
        CompileError(String message) {
            super(message);
        }
    }

    /** An exception thrown by a cell's code. */
    public static final class CellException extends Exception {
        CellException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public DisplayData eval(String cell) throws Exception {
        String code = magics.transformLineMagics(cell, ctx -> {
            applyLineMagic(ctx.getMagicCall());
            return "";
        });
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        Object value = null;
        boolean hasValue = false;
        while (!remaining.isBlank()) {
            int offset = code.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new CompileError(String.format(Locale.ROOT, "line %d: incomplete code at the end of the cell",
                        line(code, offset + leadingWhitespace(remaining))));
            }
            hasValue = false;
            interrupted = false;
            List<SnippetEvent> events = shell.eval(info.source());
            if (interrupted) {
                throw new CellException("interrupted", null);
            }
            for (SnippetEvent e : events) {
                if (e.causeSnippet() != null) {
                    continue;
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    // diagnostics count from the start of the snippet's source, leading whitespace included
                    throw compileError(e.snippet(), code, offset);
                }
                if (e.exception() != null) {
                    throw cellException(e.exception());
                }
                Snippet.Kind kind = e.snippet().kind();
                hasValue = kind == Snippet.Kind.EXPRESSION || (kind == Snippet.Kind.VAR
                        && e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
                value = control.takeLastValue();
            }
            remaining = info.remaining();
        }
        if (!hasValue) {
            return null;
        }
        return value == null ? new DisplayData("null") : Display.of(value);
    }

    private CompileError compileError(Snippet snippet, String code, int offset) {
        List<String> lines = new ArrayList<>();
        shell.diagnostics(snippet).forEach(d -> {
            if (d.isError()) {
                lines.add(describe(d, code, offset));
            }
        });
        if (lines.isEmpty()) {
            lines.add("line " + line(code, offset) + ": the code does not compile");
        }
        return new CompileError(String.join("\n", lines));
    }

    private static String describe(Diag d, String code, int offset) {
        int at = offset + (int) Math.max(0, d.getStartPosition());
        int line = line(code, at);
        int column = at - code.lastIndexOf('\n', at - 1);
        return String.format(Locale.ROOT, "line %d, column %d: %s", line, column,
                d.getMessage(Locale.ROOT).replace("\n", "\n  "));
    }

    private static int line(String code, int at) {
        int line = 1;
        for (int i = 0; i < Math.min(at, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private CellException cellException(JShellException e) {
        if (e instanceof UnresolvedReferenceException u) {
            return new CellException("a definition it uses is not defined yet: "
                    + u.getSnippet().source().strip().lines().findFirst().orElse(""), null);
        }
        EvalException ev = (EvalException) e;
        return new CellException(ev.getExceptionClassName() + (ev.getMessage() == null ? "" : ": " + ev.getMessage()),
                ev);
    }

    @Override
    public List<String> formatError(Exception e) {
        List<String> out = new ArrayList<>();
        if (e instanceof CompileError) {
            out.add(errorStyler.primary("compile error"));
            e.getMessage().lines().forEach(l -> out.add(errorStyler.secondary(l)));
            return out;
        }
        out.add(errorStyler.primary(e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
        Throwable t = e instanceof CellException ? e.getCause() : e;
        int frames = 0;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c != t) {
                String name = c instanceof EvalException ev ? ev.getExceptionClassName() : c.getClass().getName();
                out.add(errorStyler.primary("caused by " + name + (c.getMessage() == null ? "" : ": "
                        + c.getMessage())));
            }
            for (StackTraceElement s : c.getStackTrace()) {
                if (frames++ < 12) {
                    out.add(errorStyler.secondary("    at " + s));
                }
            }
        }
        return out;
    }

    /** IJava's {@code %jars GLOB...} and {@code %classpath PATH...}: add to the class path of later cells. */
    private void applyLineMagic(LineMagicArgs call) {
        switch (call.getName()) {
            case "jars" -> call.getArgs().forEach(glob -> {
                List<Path> found = find(glob);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("%jars " + glob + ": no such jar");
                }
                found.forEach(p -> shell.addToClasspath(p.toAbsolutePath().toString()));
            });
            case "classpath" -> call.getArgs().forEach(path -> {
                for (String p : path.split(File.pathSeparator)) {
                    List<Path> found = p.contains("*") ? find(p) : List.of(Path.of(p));
                    found.forEach(f -> shell.addToClasspath(f.toAbsolutePath().toString()));
                }
            });
            default -> throw new IllegalArgumentException("unknown magic %" + call.getName()
                    + " (this kernel has %jars and %classpath)");
        }
    }

    private static List<Path> find(String glob) {
        try {
            List<Path> out = new ArrayList<>();
            new GlobFinder(glob).computeMatchingPaths().forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(glob + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(code);
        while (info.completeness().isComplete() && !info.remaining().isBlank()) {
            info = shell.sourceCodeAnalysis().analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "incomplete";
            case UNKNOWN -> IS_COMPLETE_BAD;
            default -> IS_COMPLETE_YES;
        };
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    /** Jupyter's interrupt: ends the running cell (see {@link CapturingExecutionControl#stop}). */
    @Override
    public void interrupt() {
        interrupted = true;
        control.stop();
    }

    @Override
    public void onShutdown(boolean restart) {
        shell.close();
    }
}
