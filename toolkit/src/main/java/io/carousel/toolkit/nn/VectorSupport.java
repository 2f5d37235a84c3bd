package io.carousel.toolkit.nn;

/**
 * Whether the fused LSTM computes its float gates with Java's incubating Vector API ({@link VectorGates}): only when
 * the JVM was started with {@code --add-modules jdk.incubator.vector}, and not when the system property
 * {@code carousel.lstm.vector} is {@code false}. Otherwise a scalar loop computes the same function, about twice
 * slower overall on the adding problem's shapes.
 */
public final class VectorSupport {

    public static final String PROPERTY = "carousel.lstm.vector";
    public static final String JVM_OPTION = "--add-modules jdk.incubator.vector";

    private VectorSupport() {
    }

    public static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    public static boolean enabled() {
        return available() && !"false".equals(System.getProperty(PROPERTY));
    }

    /** For the run's first line: {@code vectorised (16 floats (512-bit))} or how to get there. */
    public static String describe() {
        if (enabled()) {
            return "fused LSTM gates vectorised (" + VectorGates.describe() + ")";
        }
        return available() ? "fused LSTM gates scalar (" + PROPERTY + "=false)"
                : "fused LSTM gates scalar (start java with " + JVM_OPTION + " to vectorise them)";
    }
}
