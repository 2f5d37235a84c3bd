package io.carousel.toolkit.config;

/**
 * Thrown by a config record's compact constructor when one of its own fields is invalid. The loader adds the file,
 * the line and the path of the record; Java callers see the field name and the problem.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String key;
    private final String problem;

    public InvalidValueException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The YAML key of the invalid field, relative to the record that rejected it. */
    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
