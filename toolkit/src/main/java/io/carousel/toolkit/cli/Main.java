package io.carousel.toolkit.cli;

import io.carousel.tasks.forecast.DataException;
import io.carousel.toolkit.BadInputException;
import io.carousel.toolkit.Backends;
import io.carousel.toolkit.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar toolkit.jar}: the command line. Exit codes: 0 done, 1 failed, 2 bad input. */
@Command(name = "carousel", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "LSTM sequence modelling on DL4J: the 1997 LSTM experiments and more.",
        subcommands = {RunCommand.class, ResumeCommand.class, ForecastCommand.class, ReproduceCommand.class,
                SweepCommand.class, NotebookCommand.class, ValidateCommand.class, ListCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean stacktrace;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Backends.preferCudnnBuild();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(out, err).execute(args));
    }

    /** The command line writing to {@code out} and {@code err}: tests run the CLI through this. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean trace = parseResult.hasMatchedOption("--stacktrace")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--stacktrace"));
            PrintWriter w = commandLine.getErr();
            int code;
            if (e instanceof ConfigException c) {
                c.problems().forEach(w::println);
                code = BAD_INPUT;
            } else if (e instanceof DataException || e instanceof BadInputException) {
                w.println(e.getMessage());
                code = BAD_INPUT;
            } else if (e instanceof Backends.BackendMismatchException) {
                w.println(e.getMessage());
                code = BAD_INPUT;
            } else {
                w.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + (trace ? "" : " (run with --stacktrace for details)"));
                code = FAILED;
            }
            if (trace) {
                e.printStackTrace(w);
            }
            w.flush();
            return code;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"carousel " + (v == null ? "(development build)" : v) + ", DL4J 1.0.0-M2.1"};
        }
    }
}
