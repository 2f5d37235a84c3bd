package io.carousel.toolkit.config;

/**
 * One problem with a config, printed as {@code file:line: dotted.path: problem}.
 *
 * @param location {@code file:line}, or {@code file (--set)} for a value given on the command line
 * @param path     the dotted path of the offending key, e.g. {@code model.layers[0].units}; "(root)" for the document
 */
public record ConfigProblem(String location, String path, String message) {

    @Override
    public String toString() {
        return location + ": " + (path.isEmpty() ? "(root)" : path) + ": " + message;
    }
}
