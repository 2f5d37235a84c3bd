package io.carousel.tasks.forecast;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.InputStreamInputSplit;
import org.datavec.api.writable.Writable;

/**
 * Reads a time series from a CSV file with a header line, through DataVec's {@link CSVRecordReader}: a time column,
 * target columns, optional covariate columns (other columns are ignored). Every problem is reported as
 * {@code file:line:column: problem} in a {@link DataException}.
 */
public final class SeriesCsv {

    /** The series shipped with the toolkit (from R's datasets package; see data/README.md beside them). */
    public static final List<String> BUILT_IN = List.of("airline-passengers", "mauna-loa-co2", "sunspots-monthly",
            "nile-flow", "lynx-trappings", "eu-stock-markets");

    /** A decimal number as written in a CSV cell (no hex, no Java suffixes such as {@code 12f}). */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private SeriesCsv() {
    }

    /**
     * Reads {@code file}, keeping the time column, then the targets, then the covariates. A null {@code timeColumn}
     * means the first column; null or empty {@code targets}, every column that is neither the time nor a covariate.
     */
    public static Series read(Path file, String timeColumn, List<String> targets, List<String> covariates) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataException(source, 0, null, "is a directory, not a CSV file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source, timeColumn, targets, covariates);
        } catch (NoSuchFileException e) {
            throw new DataException(source, 0, null, "no such file");
        } catch (IOException e) {
            throw new DataException(source, 0, null, "cannot read: " + e.getMessage());
        }
    }

    /** Reads one of the {@link #BUILT_IN} series. */
    public static Series builtIn(String name, String timeColumn, List<String> targets, List<String> covariates) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no built-in series '" + name + "' (allowed: "
                    + String.join(", ", BUILT_IN) + ")");
        }
        String resource = "data/" + name + ".csv";
        try (InputStream in = SeriesCsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the built-in series " + resource + " is missing from the jar");
            }
            return read(in, name + ".csv", timeColumn, targets, covariates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Series read(InputStream in, String source, String timeColumn, List<String> targets,
                       List<String> covariates) throws IOException {
        CSVRecordReader reader = new CSVRecordReader(0, ',', '"');
        try {
            reader.initialize(new InputStreamInputSplit(in));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + source, e);
        }
        if (!reader.hasNext()) {
            throw new DataException(source, 1, null, "the file is empty (it needs a header line and rows)");
        }
        List<String> header = texts(reader.next()).stream().map(String::strip).toList();
        if (timeColumn == null) {
            timeColumn = header.get(0);
        }
        int timeIndex = column(header, timeColumn, source);
        if (targets == null || targets.isEmpty()) {
            String time = timeColumn;
            targets = header.stream().filter(c -> !c.equals(time) && !covariates.contains(c)).toList();
            if (targets.isEmpty()) {
                throw new DataException(source, 1, null, "has no column to forecast besides the time column");
            }
        }
        List<String> wanted = new ArrayList<>(targets);
        wanted.addAll(covariates);
        int[] indices = new int[wanted.size()];
        for (int c = 0; c < indices.length; c++) {
            indices[c] = column(header, wanted.get(c), source);
        }
        List<String> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        while (reader.hasNext()) {
            line++;
            List<String> cells = texts(reader.next());
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            if (cells.size() != header.size()) {
                throw new DataException(source, line, null, "has " + cells.size() + " cells, but the header has "
                        + header.size() + " columns");
            }
            String time = cells.get(timeIndex).strip();
            if (time.isEmpty()) {
                throw new DataException(source, line, timeColumn, "missing value");
            }
            double[] row = new double[indices.length];
            for (int c = 0; c < indices.length; c++) {
                row[c] = number(cells.get(indices[c]).strip(), source, line, wanted.get(c));
            }
            times.add(time);
            rows.add(row);
            lines.add(line);
        }
        if (rows.isEmpty()) {
            throw new DataException(source, line, null, "has a header but no rows");
        }
        double[][] values = new double[wanted.size()][rows.size()];
        for (int t = 0; t < rows.size(); t++) {
            for (int c = 0; c < wanted.size(); c++) {
                values[c][t] = rows.get(t)[c];
            }
        }
        return new Series(source, timeColumn, times, wanted, targets.size(), values,
                lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<String> texts(List<Writable> record) {
        return record.stream().map(Writable::toString).toList();
    }

    private static int column(List<String> header, String name, String source) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DataException(source, 1, name, "no such column (the header has: " + String.join(", ", header)
                    + ")");
        }
        return i;
    }

    private static double number(String cell, String source, int line, String column) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("NA") || cell.equalsIgnoreCase("NaN")) {
            throw new DataException(source, line, column, "missing value" + (cell.isEmpty() ? "" : " '" + cell + "'"));
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new DataException(source, line, column, "not a number: '" + abbreviate(cell) + "'");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new DataException(source, line, column, "number out of range: '" + abbreviate(cell) + "'");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

}
