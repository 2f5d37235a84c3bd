package io.carousel.toolkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("1 row", Words.count(1, "row"));
        assertEquals("0 rows", Words.count(0, "row"));
        assertEquals("36 rows", Words.count(36, "row"));
        assertEquals("1 finished trial", Words.count(1, "finished trial"));
    }
}
