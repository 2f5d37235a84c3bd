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
    /** The thread running a cell's code, while one runs. */
    private volatile Thread running;

    /** Runs each snippet on a thread of its own, so that {@link #stop} can end it (an interrupt from Jupyter). */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread cell = new Thread(() -> {
            try {
                value[0] = doitMethod.invoke(null);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "cell");
        cell.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        running = cell;
        try {
            cell.start();
            cell.join();
        } finally {
            running = null;
        }
        if (failure[0] instanceof java.lang.reflect.InvocationTargetException e
                && e.getCause() instanceof ThreadDeath) {
            throw new StoppedException();
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        lastValue = value[0];
        return valueString(value[0]);
    }

    /**
     * Ends the running cell's code: {@code Thread.stop}, the one way to end code that does not check for interrupts
     * (a training loop in native code stops when it returns to Java). Deprecated, and gone after Java 19; this
     * toolkit targets 17.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread cell = running;
        if (cell != null) {
            cell.stop();
        }
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
