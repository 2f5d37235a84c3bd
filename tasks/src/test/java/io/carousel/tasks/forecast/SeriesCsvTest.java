package io.carousel.tasks.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesCsvTest {

    static Path fixture(String name) {
        try {
            return Path.of(SeriesCsvTest.class.getResource("bad/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "missing-value.csv | :3:passengers: missing value",
        "na.csv            | :3:passengers: missing value 'NA'",
        "non-numeric.csv   | :4:passengers: not a number: '13x2'",
        "extra-cell.csv    | :3: has 3 cells, but the header has 2 columns",
        "missing-time.csv  | :3:month: missing value",
    })
    void malformedFilesNameTheLineAndColumn(String file, String expected) {
        Path path = fixture(file);
        DataException e = assertThrows(DataException.class,
                () -> SeriesCsv.read(path, "month", List.of("passengers"), List.of()));
        assertEquals(path + expected, e.getMessage());
    }

    @Test
    void anUnknownColumnIsNamedWithTheHeader() {
        Path path = fixture("short.csv");
        DataException e = assertThrows(DataException.class,
                () -> SeriesCsv.read(path, "month", List.of("pasengers"), List.of()));
        assertEquals(path + ":1:pasengers: no such column (the header has: month, passengers)", e.getMessage());
    }

    @Test
    void tooFewRowsForTheWindowsNamesTheLastLine() {
        Path path = fixture("short.csv");
        Series s = SeriesCsv.read(path, "month", List.of("passengers"), List.of());
        ForecastSettings settings = new ForecastSettings(2, 1, 1, new SeriesTransform(false, 0, false),
                ForecastSettings.Scaling.NONE, 1, 1, 1, ForecastSettings.Backtest.ROLL);
        DataException e = assertThrows(DataException.class, () -> new ForecastProblem(s, settings));
        assertEquals(path + ":5: too few rows: 4, but lookback 2 + horizon 1 + validation 1 + test 1 need at least 5",
                e.getMessage());
    }

    @Test
    void theLogOfZeroIsRefusedAtItsCell() {
        Path path = fixture("zero.csv");
        Series s = SeriesCsv.read(path, "month", List.of("passengers"), List.of());
        ForecastSettings settings = new ForecastSettings(1, 1, 1, new SeriesTransform(true, 0, false),
                ForecastSettings.Scaling.NONE, 0, 1, 1, ForecastSettings.Backtest.ROLL);
        DataException e = assertThrows(DataException.class, () -> ForecastProblem.beyond(s, settings));
        assertEquals(path + ":3:passengers: the log transform needs values > 0, got 0.0", e.getMessage());
    }

    @Test
    void aMissingFileSaysSo() {
        DataException e = assertThrows(DataException.class,
                () -> SeriesCsv.read(Path.of("no/such.csv"), "t", List.of("x"), List.of()));
        assertEquals("no/such.csv: no such file", e.getMessage());
    }

    @Test
    void builtInSeriesReadWhole() {
        Series airline = SeriesCsv.builtIn("airline-passengers", "month", List.of("passengers"), List.of());
        assertEquals(144, airline.length());
        assertEquals("1949-01", airline.times().get(0));
        assertEquals(112, airline.values()[0][0]);
        assertEquals(432, airline.values()[0][143]);
        assertEquals(145, airline.lines()[143]);
        Series stocks = SeriesCsv.builtIn("eu-stock-markets", "t", List.of("DAX", "SMI"), List.of("CAC", "FTSE"));
        assertEquals(1860, stocks.length());
        assertEquals(2, stocks.targets());
        assertEquals(2, stocks.covariates());
        assertEquals(1628.75, stocks.values()[0][0]);
        assertEquals(2443.6, stocks.values()[3][0]);
        for (String name : SeriesCsv.BUILT_IN) {
            Series s = SeriesCsv.builtIn(name, null, null, List.of());
            assertTrue(s.length() >= 100, name);
            assertEquals(name.equals("eu-stock-markets") ? 4 : 1, s.targets(), name);
        }
    }
}
