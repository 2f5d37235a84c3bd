package io.carousel.toolkit.cli;

import io.carousel.toolkit.Backends;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.reproduce.PaperTable;
import io.carousel.toolkit.reproduce.Reproduction;
import io.carousel.toolkit.reproduce.ReproductionReport;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.report.Words;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reproduce [CONFIG|DIR...]}: rows of the 1997 paper's tables, several trials each, beside the paper's. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run rows of the 1997 LSTM paper's tables (configs that name a paper row in `reproduces:`) "
                + "and write reproduction.md, reproduction.csv and reproduction.png beside the paper's numbers.",
                "Run it again to resume: finished trials in --out are kept, not redone."})
final class ReproduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", arity = "0..*",
            description = "Configs or directories of configs (default: configs/paper).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--trials", paramLabel = "N",
            description = "Trials per row, seeds seed, seed+1, ... (default: the paper's count for the row, or "
                    + PaperTable.DEFAULT_TRIALS + " where it gives none).")
    Integer trials;

    @Option(names = "--parallel", paramLabel = "P", defaultValue = "1",
            description = "Trials run at a time, each on its config's threads (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/reproduction",
            description = "Where trials and the report go, and where an earlier run is resumed from "
                    + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Only the quick rows (1-reber-3x2, 6a-temporal-order) of the selection, "
            + "1 trial each, at most " + Reproduction.QUICK_BUDGET + " sequences: a check that everything works.")
    boolean quick;

    @Option(names = "--report-only", description = "Rewrite the report from the trials finished in --out; run none.")
    boolean reportOnly;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (parallel < 1 || (trials != null && trials < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trials and --parallel must be >= 1");
        }
        List<Reproduction.Row> rows = rows(paths.isEmpty() ? List.of(Path.of("configs", "paper")) : paths);
        if (quick) {
            rows = Reproduction.quick(rows);
            if (rows.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--quick: none of the quick rows "
                        + Reproduction.QUICK_CONFIGS + " is among the selected configs");
            }
        }
        if (reportOnly) {
            Reproduction.Result result = Reproduction.report(rows, this.out);
            int done = result.trials().values().stream().mapToInt(List::size).sum();
            out.printf(Locale.ROOT, "report: %s (%s of %s)%n", result.directory().resolve(ReproductionReport.MARKDOWN),
                    Words.count(done, "finished trial"), Words.count(rows.size(), "row"));
            return Main.OK;
        }
        out.println(Backends.describe(rows.get(0).config().threads()));
        int total = rows.stream().mapToInt(Reproduction.Row::trials).sum();
        out.printf(Locale.ROOT, "%s, %s, %d at a time, into %s%n", Words.count(rows.size(), "row"),
                Words.count(total, "trial"), parallel, this.out);
        out.flush();
        int[] kept = {0};
        Reproduction.Result result = Reproduction.run(rows, this.out, parallel, e -> {
            if (e.resumed()) {
                kept[0]++;
                return;
            }
            Summary s = e.summary();
            out.printf(Locale.ROOT, "[%d/%d] %s seed %d: %s after %,d sequences (%.0f s), test %d wrong of %,d%s%n",
                    e.done(), e.total(), s.name(), s.seed(), s.solved() ? "solved" : "not solved (" + s.stopReason()
                            + ")", s.sequences(), s.wallSeconds(), s.test().wrong(), s.test().sequences(),
                    s.milestones().isEmpty() ? "" : ", " + s.milestones());
            out.flush();
        });
        if (kept[0] > 0) {
            out.printf(Locale.ROOT, "%d trials were already finished in %s and were kept%n", kept[0], this.out);
        }
        out.printf(Locale.ROOT, "report: %s (%.1f s)%n", result.directory().resolve(ReproductionReport.MARKDOWN),
                result.wallSeconds());
        return Main.OK;
    }

    /** Every config under {@code paths}, loaded and checked before anything runs. */
    private List<Reproduction.Row> rows(List<Path> paths) throws IOException, ConfigException {
        List<Path> files = Reproduction.configFiles(paths);
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no configs (*.yaml) in " + paths);
        }
        return Reproduction.rows(files, trials);
    }
}
