package io.carousel.toolkit.nn;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a test class with ND4J's default precision at double (comparisons to 1e-6 need it), and puts back the
 * defaults it found afterwards, which later test classes in the same JVM expect.
 */
final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DoublePrecision.class);

    /** ND4J's two defaults, as {@link Nd4j#setDefaultDataTypes} takes them. */
    private record Defaults(DataType type, DataType floatingPoint) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(Defaults.class, new Defaults(Nd4j.dataType(), Nd4j.defaultFloatingPointType()));
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Defaults found = context.getStore(NAMESPACE).remove(Defaults.class, Defaults.class);
        Nd4j.setDefaultDataTypes(found.type(), found.floatingPoint());
    }
}
