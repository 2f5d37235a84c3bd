package io.carousel.toolkit.cli;

import io.carousel.toolkit.notebook.JavaKernel;
import io.carousel.toolkit.notebook.KernelSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notebook install | uninstall | kernel}: the Java kernel for Jupyter. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "The Java kernel for Jupyter notebooks (kernel name \"java\").",
        subcommands = {NotebookCommand.Install.class, NotebookCommand.Uninstall.class, NotebookCommand.Kernel.class})
final class NotebookCommand {

    /** Where the kernelspec goes: the user's Jupyter directory (default) or under a prefix. */
    static final class Where {
        @Option(names = "--user", description = "The user's Jupyter data directory (the default).")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "Under DIR/share/jupyter/kernels (e.g. a "
                + "virtual environment's or sys.prefix), for Jupyter to find through JUPYTER_PATH or its prefix.")
        Path prefix;

        static Path kernels(Where w) {
            return w == null || w.prefix == null ? KernelSpec.userKernels() : KernelSpec.prefixKernels(w.prefix);
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Register the kernel with Jupyter (writes kernels/java/kernel.json).")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        Where where;

        @Override
        public Integer call() throws Exception {
            Path dir = KernelSpec.install(Where.kernels(where));
            spec.commandLine().getOut().println("installed the Java kernel: " + dir.resolve("kernel.json"));
            return Main.OK;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove the kernel's kernelspec.")
    static final class Uninstall implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        Where where;

        @Override
        public Integer call() throws Exception {
            Path kernels = Where.kernels(where);
            boolean removed = KernelSpec.uninstall(kernels);
            spec.commandLine().getOut().println(removed ? "removed the Java kernel from " + kernels
                    : "no Java kernel installed in " + kernels);
            return Main.OK;
        }
    }

    @Command(name = "kernel", mixinStandardHelpOptions = true, hidden = true,
            description = "Run the kernel on a Jupyter connection file (Jupyter starts this).")
    static final class Kernel implements Callable<Integer> {
        @Parameters(paramLabel = "CONNECTION_FILE")
        Path connectionFile;

        @Override
        public Integer call() throws Exception {
            JavaKernel.serve(connectionFile);
            return Main.OK;
        }
    }
}
