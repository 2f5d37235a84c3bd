package io.carousel.toolkit.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimeAxisTest {

    @Test
    void stampsContinueTheirLastStep() {
        assertEquals(List.of("1961-01", "1961-02"), TimeAxis.next(List.of("1960-11", "1960-12"), 2));
        assertEquals(List.of("1961-03", "1961-06"), TimeAxis.next(List.of("1960-09", "1960-12"), 2));
        assertEquals(List.of("1971", "1972"), TimeAxis.next(List.of("1969", "1970"), 2));
        assertEquals(List.of("1998-08-24"), TimeAxis.next(List.of("1998-08-20", "1998-08-21"), 3).subList(2, 3));
        assertEquals(List.of("1.5", "2.0"), TimeAxis.next(List.of("0.5", "1.0"), 2));
        assertEquals(List.of("q4+1", "q4+2"), TimeAxis.next(List.of("q3", "q4"), 2));
    }

    @Test
    void stampsBecomeNumbersForPlots() {
        assertArrayEquals(new double[] {1949, 1949 + 1 / 12.0}, TimeAxis.values(List.of("1949-01", "1949-02")), 1e-12);
        assertArrayEquals(new double[] {1871, 1872}, TimeAxis.values(List.of("1871", "1872")), 1e-12);
        assertArrayEquals(new double[] {0, 1}, TimeAxis.values(List.of("a", "b")), 1e-12);
    }
}
