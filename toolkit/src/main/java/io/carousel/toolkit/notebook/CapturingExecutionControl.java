package io.carousel.toolkit.notebook;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution in the kernel's own JVM (so objects, output and the class path are shared with the kernel),
 * keeping the value of the last snippet as an object rather than the string JShell reports: a cell ending in a chart
 * displays the chart.
 */
final class CapturingExecutionControl extends DirectExecutionControl {

    private Object lastValue;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        lastValue = value;
        return valueString(value);
    }

    /** The value of the last snippet run (null for none), then forgets it. */
    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** Hands JShell one shared instance, so the kernel can read the values it captures. */
    static final class Provider implements ExecutionControlProvider {
        private final CapturingExecutionControl control;

        Provider(CapturingExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "carousel";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
