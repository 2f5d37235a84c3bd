package io.carousel.toolkit.nn;

import io.carousel.toolkit.nn.LstmKernel.Strided3;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The vanilla RNN of DL4J's {@code SimpleRnn} layer with tanh, forward and backward through time, with DL4J's
 * parameters ({@code W [nIn, n]}, {@code RW [n, n]}, {@code b [1, n]}):
 *
 * <pre>
 *   h[t] = m[t] * tanh(x[t] W + h[t-1] RW + b)
 * </pre>
 *
 * where {@code m} is the mask (as DL4J masks: a masked step emits zeros and passes a zero state on). DL4J issues some
 * ten native calls per time step and runs the forward pass again inside its backward pass; here the input projection
 * of all steps is one matrix product, each step one {@code gemm} for {@code h[t-1] RW} and one Java pass for the
 * rest, and the backward pass one {@code gemm} per step and one product each for the weight, recurrent weight and input
 * gradients of all steps at once, reusing the training forward pass.
 *
 * <p>State between calls: the last forward pass stays in native {@link Scratch}. Not thread-safe; DL4J gives each
 * thread its own layer.
 */
final class SimpleRnnKernel {

    private final int nIn;
    private final int n;

    /**
     * Time-major scratch, row {@code t * batch + b}: inputs, the pre-activations (then their gradients), the outputs
     * with the initial state in front (slot 0 is the state before step 0), the gradient w.r.t. the output from the
     * step after, and w.r.t. the inputs of all steps.
     */
    private final Scratch scratch;
    private NativeCells x;
    private NativeCells z;
    private NativeCells h;
    private NativeCells dh;
    private NativeCells dx;

    /** Shape and mask of the forward pass held in scratch; {@code steps == 0} before the first. */
    private int steps;
    private int batch;
    private double[] mask;

    SimpleRnnKernel(int nIn, int units) {
        this.nIn = nIn;
        this.n = units;
        this.scratch = new Scratch(new Scratch.Size(nIn, 0), new Scratch.Size(units, 0), new Scratch.Size(units, units),
                new Scratch.Size(0, units), new Scratch.Size(nIn, 0));
    }

    /**
     * Runs the layer over {@code input} and writes its outputs to {@code out}.
     *
     * @param input  {@code [batch, nIn, steps]}, any strides
     * @param w      input weights {@code [nIn, n]}
     * @param rw     recurrent weights {@code [n, n]}
     * @param bias   {@code [1, n]}
     * @param maskIn {@code [batch, steps]}, or null when every step of every sequence counts
     * @param h0     output before step 0, {@code [batch, n]}, or null for zeros
     * @param out    {@code [batch, n, steps]}, any strides
     */
    void forward(INDArray input, INDArray w, INDArray rw, INDArray bias, INDArray maskIn, INDArray h0,
                 INDArray out) {
        int bs = (int) input.size(0);
        int ts = (int) input.size(2);
        if (scratch.reserve(w.dataType(), (long) ts * bs, bs)) {
            x = scratch.cells(0);
            z = scratch.cells(1);
            h = scratch.cells(2);
            dh = scratch.cells(3);
            dx = scratch.cells(4);
        }
        steps = ts;
        batch = bs;
        mask = LstmKernel.readMask(maskIn, bs, ts);
        int rows = ts * bs;

        Scratch.toTimeMajor(input, x, 0);
        Mat.rowMajor(z, 0, rows, n).setProduct(1, Mat.rowMajor(x, 0, rows, nIn), Mat.of(w, n), 0);
        Scratch.copyIn(h0, h, 0, bs, n);

        double[] b1 = LstmKernel.readRow(bias, n);
        Mat recurrent = Mat.of(rw, n);
        for (int t = 0; t < ts; t++) {
            if (t > 0 || h0 != null) {
                rows(z, t).setProduct(1, rows(h, t), recurrent, 1);
            }
            for (int b = 0; b < bs; b++) {
                int row = t * bs + b;
                long at = (long) row * n;
                long next = at + (long) bs * n;
                double m = mask == null ? 1 : mask[row];
                for (int j = 0; j < n; j++) {
                    h.set(next + j, m == 0 ? 0 : m * LstmKernel.tanh(z.get(at + j) + b1[j]));
                }
            }
        }
        // The outputs of all steps: slots 1..steps of h.
        Scratch.fromTimeMajor(h, (long) bs * n, out);
    }

    /** A copy of the output after the last step of the last forward pass, {@code [batch, n]}. */
    INDArray lastState() {
        return Scratch.copyOut(h, (long) steps * batch * n, scratch.type(), batch, n);
    }

    /**
     * Back-propagates {@code epsilon} through the last forward pass, which must have run with the same weights and
     * without an initial state. Overwrites the gradients; the gradient w.r.t. the input goes to {@code epsOut}.
     *
     * @param epsilon gradient w.r.t. the outputs, {@code [batch, n, steps]}
     * @param dw      gradient of {@code w}, same shape
     * @param drw     gradient of {@code rw}, same shape
     * @param dbias   gradient of {@code bias}, same shape
     * @param epsOut  gradient w.r.t. the input, {@code [batch, nIn, steps]}
     */
    void backward(INDArray epsilon, INDArray w, INDArray rw, INDArray dw, INDArray drw, INDArray dbias,
                  INDArray epsOut) {
        if (steps == 0 || epsilon.size(0) != batch || epsilon.size(2) != steps) {
            throw new IllegalStateException("backward needs the forward pass of the same batch");
        }
        final int bs = batch;
        final int ts = steps;
        Strided3 eps = new Strided3(epsilon);
        Mat recurrentT = Mat.of(rw, n).transpose();
        Mat dhMat = Mat.rowMajor(dh, 0, bs, n);
        double[] db = new double[n];
        for (int t = ts - 1; t >= 0; t--) {
            boolean fromNext = t < ts - 1;
            for (int b = 0; b < bs; b++) {
                int row = t * bs + b;
                long at = (long) row * n;
                long next = at + (long) bs * n;
                double m = mask == null ? 1 : mask[row];
                for (int j = 0; j < n; j++) {
                    double dz = 0;
                    if (m != 0) {
                        // A masked step's output is a constant: nothing flows through it.
                        double out = h.get(next + j) / m;
                        double dOut = eps.get(b, j, t) + (fromNext ? dh.get((long) b * n + j) : 0);
                        dz = m * dOut * (1 - out * out);
                    }
                    z.set(at + j, dz);
                    db[j] += dz;
                }
            }
            if (t > 0) {
                dhMat.setProduct(1, rows(z, t), recurrentT, 0);
            }
        }
        int rows = ts * bs;
        Mat grads = Mat.rowMajor(z, 0, rows, n);
        Mat.of(dw, n).setProduct(1, Mat.rowMajor(x, 0, rows, nIn).transpose(), grads, 0);
        // Slots 0..steps-1 of h: the output before each step (zeros before step 0).
        Mat.of(drw, n).setProduct(1, Mat.rowMajor(h, 0, rows, n).transpose(), grads, 0);
        LstmKernel.writeRow(dbias, db);
        Mat.rowMajor(dx, 0, rows, nIn).setProduct(1, grads, Mat.of(w, n).transpose(), 0);
        Scratch.fromTimeMajor(dx, 0, epsOut);
    }

    /** Slot or rows {@code t} of a time-major {@code [batch x n]} scratch. */
    private Mat rows(NativeCells cells, int t) {
        return Mat.rowMajor(cells, (long) t * batch * n, batch, n);
    }
}
