package io.carousel.toolkit.config;

import java.util.Locale;

/** Field checks for config records' compact constructors; each failure names the YAML key and what is allowed. */
final class Check {

    private Check() {
    }

    static <T> T required(String key, T value) {
        if (value == null) {
            throw new InvalidValueException(key, "is required");
        }
        return value;
    }

    static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new InvalidValueException(key, "must be >= " + min + ", got " + value);
        }
        return value;
    }

    static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new InvalidValueException(key, "must be >= " + min + ", got " + value);
        }
        return value;
    }

    static int inRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(key, "must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static long inRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(key, "must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static double inRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidValueException(key, "must be in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(value));
        }
        return value;
    }

    /** A value in [min, max) : dropout, for instance, may be 0 but never 1. */
    static double inHalfOpenRange(String key, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw new InvalidValueException(key, "must be in [" + fmt(min) + ", " + fmt(max) + "), got " + fmt(value));
        }
        return value;
    }

    static double positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidValueException(key, "must be a finite number > 0, got " + fmt(value));
        }
        return value;
    }

    static double nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidValueException(key, "must be a finite number >= 0, got " + fmt(value));
        }
        return value;
    }

    static double finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidValueException(key, "must be a finite number, got " + fmt(value));
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }
}
