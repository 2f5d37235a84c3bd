package io.carousel.toolkit;

import io.carousel.toolkit.config.Backend;
import io.carousel.toolkit.nn.VectorSupport;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** The ND4J backend this build runs on, and its thread settings. */
public final class Backends {

    /** Where the CUDA build linked against cuDNN keeps its native library (the -Pcuda build packages only that). */
    private static final String CUDNN_NATIVES = "org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/";

    private Backends() {
    }

    /**
     * Points JavaCPP at the cuDNN build of ND4J's CUDA backend when that is what the jar holds. Must run before ND4J
     * loads; does nothing on the CPU build or when the user chose an extension.
     */
    public static void preferCudnnBuild() {
        String key = "org.bytedeco.javacpp.platform.extension";
        if (System.getProperty(key) == null && Backends.class.getClassLoader().getResource(CUDNN_NATIVES) != null) {
            System.setProperty(key, "-cudnn");
        }
    }

    /** The backend ND4J loaded: cpu or cuda. */
    public static Backend current() {
        return Nd4j.getEnvironment().isCPU() ? Backend.CPU : Backend.CUDA;
    }

    /**
     * Fails clearly when the config asks for a backend this build does not have; a CPU build never silently stands in
     * for CUDA.
     */
    public static void require(Backend wanted) {
        Backend have = current();
        if (wanted != have) {
            throw new BackendMismatchException(wanted == Backend.CUDA
                    ? "cuda was asked for but this build has the CPU backend only (build with: mvn -B -Pcuda package)"
                    : "cpu was asked for but this build has the CUDA backend (build without -Pcuda)");
        }
    }

    /**
     * Sets ND4J's OpenMP and BLAS threads. On small recurrent networks one thread per run is fastest: more threads
     * spend their time synchronising, and running more threads than cores is several times slower.
     */
    public static void setThreads(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /**
     * Frees the native memory of networks no longer referenced. ND4J's arrays live outside the Java heap and are freed
     * only when the garbage collector reclaims their Java objects, which it does for heap pressure alone: a process
     * running trial after trial grew to 12 GB of native memory (60 trials of the adding problem, two at a time) before
     * a collection freed it. Drivers of many runs call this after each.
     */
    public static void releaseUnreachableMemory() {
        System.gc();
    }

    /**
     * One line for the start of a run, e.g. {@code backend: cpu (CpuBackend, OPENBLAS), 1 thread, fused LSTM gates
     * vectorised (16 floats (512-bit))}.
     */
    public static String describe(int threads) {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        String blas = Nd4j.factory().blas().getBlasVendor().toString();
        return "backend: " + (current() == Backend.CPU ? "cpu" : "cuda") + " (" + name + ", " + blas + "), " + threads
                + (threads == 1 ? " thread" : " threads")
                + (current() == Backend.CPU ? ", " + VectorSupport.describe() : "");
    }

    /** A config asked for a backend this build lacks. */
    public static final class BackendMismatchException extends IllegalStateException {
        BackendMismatchException(String message) {
            super(message);
        }
    }
}
