package io.carousel.toolkit.report;

/** Counts in words for messages and reports. */
public final class Words {

    private Words() {
    }

    /** {@code count(1, "row")} is {@code 1 row}, {@code count(3, "row")} is {@code 3 rows}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
