package io.carousel.toolkit.nn;

import static io.carousel.toolkit.nn.Lstm1997ParamInitializer.BLOCKS;
import static io.carousel.toolkit.nn.LstmKernel.sigmoid;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 1997 LSTM cell ({@link Lstm1997}, Hochreiter &amp; Schmidhuber 1997, section 4) forward and backward through
 * time, as {@link LstmKernel} computes DL4J's LSTM: the input projection of all steps in one matrix product, then per
 * step one {@code gemm} for {@code y(t-1) RW} and one Java pass over the gates and cells; back-propagation mirrors it
 * with one {@code gemm} per step for the recurrent error and one product each for the weight and input gradients of
 * all steps. Element-wise arithmetic is in double whatever the storage precision, the cell state included, so a cell
 * summing a thousand float steps does not drift by float rounding.
 *
 * <p>Gate columns, per {@link Lstm1997ParamInitializer}: input gate {@code i}, output gate {@code o}, cell input
 * {@code g}. With {@code m} the mask (1 where a sequence has a value at that step, 0 in its padding), a step computes
 *
 * <pre>
 *   s[t] = m[t] (s[t-1] + i (4 sigmoid(z_g) - 2))     y[t] = m[t] o (2 sigmoid(s[t-1] + i g) - 1)
 * </pre>
 *
 * which is how DL4J's LSTM masks: a masked step emits zeros and passes a zero state on (so a sequence padded in front
 * starts from the zero state at its first real step, and one padded behind ends on its last real output, which is
 * what {@code LastTimeStep} reads). The backward pass is the exact gradient of this function, masked steps included.
 *
 * <p>The last forward pass stays in native {@link Scratch} for {@link #backward}. Not thread-safe; DL4J gives each
 * thread its own layer.
 */
final class Lstm1997Kernel {

    private final int nIn;
    private final int n;

    /**
     * Time-major scratch, row {@code t * batch + b}: inputs, gates (then their gradients), squashed cells; the outputs
     * with the initial output in front (slot 0 is y before step 0); the gradients w.r.t. y from the step after and
     * w.r.t. the inputs of all steps.
     */
    private final Scratch scratch;
    private NativeCells x;
    private NativeCells z;
    private NativeCells h;
    private NativeCells y;
    private NativeCells dy;
    private NativeCells dx;

    /** The cell state after the last step of the last forward pass, {@code [batch * n]}, row-major. */
    private double[] cell = new double[0];
    /** Shape and mask of the forward pass held in scratch; {@code steps == 0} before the first. */
    private int steps;
    private int batch;
    private double[] mask;
    private boolean hasInitialState;

    Lstm1997Kernel(int nIn, int units) {
        this.nIn = nIn;
        this.n = units;
        this.scratch = new Scratch(new Scratch.Size(nIn, 0), new Scratch.Size((long) BLOCKS * units, 0),
                new Scratch.Size(units, 0), new Scratch.Size(units, units), new Scratch.Size(0, units),
                new Scratch.Size(nIn, 0));
    }

    /**
     * Runs the layer over {@code input} and writes its outputs to {@code out}.
     *
     * @param input  {@code [batch, nIn, steps]}, any strides
     * @param w      input weights {@code [nIn, 3n]}
     * @param rw     recurrent weights {@code [n, 3n]}
     * @param bias   {@code [1, 3n]}
     * @param maskIn {@code [batch, steps]}, or null when every step of every sequence counts
     * @param y0     output before step 0, {@code [batch, n]}, or null for zeros
     * @param s0     cell state before step 0, {@code [batch, n]}, or null for zeros
     * @param out    {@code [batch, n, steps]}, any strides
     */
    void forward(INDArray input, INDArray w, INDArray rw, INDArray bias, INDArray maskIn, INDArray y0, INDArray s0,
                 INDArray out) {
        int bs = (int) input.size(0);
        int ts = (int) input.size(2);
        if (scratch.reserve(w.dataType(), (long) ts * bs, bs)) {
            x = scratch.cells(0);
            z = scratch.cells(1);
            h = scratch.cells(2);
            y = scratch.cells(3);
            dy = scratch.cells(4);
            dx = scratch.cells(5);
        }
        steps = ts;
        batch = bs;
        mask = LstmKernel.readMask(maskIn, bs, ts);
        hasInitialState = y0 != null || s0 != null;
        int rows = ts * bs;

        Scratch.toTimeMajor(input, x, 0);
        Mat.rowMajor(z, 0, rows, BLOCKS * n).setProduct(1, Mat.rowMajor(x, 0, rows, nIn), Mat.of(w, BLOCKS * n), 0);
        readState(y0, bs, y, null);
        if (cell.length != bs * n) {
            cell = new double[bs * n];
        }
        readState(s0, bs, null, cell);

        double[] b3 = LstmKernel.readRow(bias, BLOCKS * n);
        Mat recurrent = Mat.of(rw, BLOCKS * n);
        for (int t = 0; t < ts; t++) {
            if (t > 0 || hasInitialState) {
                zRows(t).setProduct(1, yRows(t), recurrent, 1);
            }
            step(t, b3);
        }
        // The outputs of all steps: slots 1..steps of y.
        Scratch.fromTimeMajor(y, (long) bs * n, out);
    }

    /** The element-wise half of forward step {@code t}: gates, cell, output; keeps what the backward pass needs. */
    private void step(int t, double[] b3) {
        final NativeCells z = this.z;
        final NativeCells h = this.h;
        final NativeCells y = this.y;
        final double[] cell = this.cell;
        final int n = this.n;
        final int bs = batch;
        for (int b = 0; b < bs; b++) {
            int row = t * bs + b;
            long zr = (long) row * BLOCKS * n;
            long hr = (long) row * n;
            long next = hr + (long) bs * n; // slot t + 1 of y
            double m = mask == null ? 1 : mask[row];
            for (int j = 0; j < n; j++) {
                double i = sigmoid(z.get(zr + j) + b3[j]);
                double o = sigmoid(z.get(zr + n + j) + b3[n + j]);
                double gs = sigmoid(z.get(zr + 2 * n + j) + b3[2 * n + j]);
                double s = cell[b * n + j] + i * (4 * gs - 2);
                double squashed = 2 * sigmoid(s) - 1;
                z.set(zr + j, i);
                z.set(zr + n + j, o);
                z.set(zr + 2 * n + j, gs);
                h.set(hr + j, squashed);
                cell[b * n + j] = m * s;
                y.set(next + j, m * o * squashed);
            }
        }
    }

    /**
     * Back-propagates {@code epsilon} through the last forward pass, which must have run with the same weights.
     * Overwrites the gradients (nothing is accumulated); the gradient w.r.t. the input goes to {@code epsOut}.
     *
     * @param epsilon gradient w.r.t. the outputs, {@code [batch, n, steps]}
     * @param dw      gradient of {@code w}, same shape
     * @param drw     gradient of {@code rw}, same shape
     * @param dbias   gradient of {@code bias}, same shape
     * @param epsOut  gradient w.r.t. the input, {@code [batch, nIn, steps]}
     */
    void backward(INDArray epsilon, INDArray w, INDArray rw, INDArray dw, INDArray drw, INDArray dbias,
                  INDArray epsOut) {
        if (steps == 0 || epsilon.size(0) != batch || epsilon.size(1) != n || epsilon.size(2) != steps) {
            throw new IllegalStateException("backward needs the forward pass of the same batch");
        }
        final int bs = batch;
        final int ts = steps;
        LstmKernel.Strided3 eps = new LstmKernel.Strided3(epsilon);
        Mat recurrentT = Mat.of(rw, BLOCKS * n).transpose();
        Mat dyMat = Mat.rowMajor(dy, 0, bs, n);
        double[] ds = new double[bs * n];
        double[] db = new double[BLOCKS * n];
        for (int t = ts - 1; t >= 0; t--) {
            backStep(t, eps, t < ts - 1, ds, db);
            if (t > 0) {
                dyMat.setProduct(1, zRows(t), recurrentT, 0);
            }
        }

        int rows = ts * bs;
        Mat gates = Mat.rowMajor(z, 0, rows, BLOCKS * n);
        Mat.of(dw, BLOCKS * n).setProduct(1, Mat.rowMajor(x, 0, rows, nIn).transpose(), gates, 0);
        Mat.of(drw, BLOCKS * n).setProduct(1, Mat.rowMajor(y, 0, rows, n).transpose(), gates, 0);
        LstmKernel.writeRow(dbias, db);
        Mat.rowMajor(dx, 0, rows, nIn).setProduct(1, gates, Mat.of(w, BLOCKS * n).transpose(), 0);
        Scratch.fromTimeMajor(dx, 0, epsOut);
    }

    /**
     * The element-wise half of backward step {@code t}: turns the step's gate activations into the gradients of the
     * score w.r.t. the gates' pre-activations, and carries the cell gradient {@code ds} to the step before. The
     * carousel passes {@code ds} back unchanged ({@code ds/ds[t-1] = 1}) except through a masked step, which cuts it.
     */
    private void backStep(int t, LstmKernel.Strided3 eps, boolean fromNext, double[] ds, double[] db) {
        final NativeCells z = this.z;
        final NativeCells h = this.h;
        final NativeCells dy = this.dy;
        final int n = this.n;
        final int bs = batch;
        for (int b = 0; b < bs; b++) {
            int row = t * bs + b;
            long zr = (long) row * BLOCKS * n;
            long hr = (long) row * n;
            double m = mask == null ? 1 : mask[row];
            for (int j = 0; j < n; j++) {
                int k = b * n + j;
                if (m == 0) {
                    // A masked step's outputs are constants: nothing flows through it.
                    z.set(zr + j, 0);
                    z.set(zr + n + j, 0);
                    z.set(zr + 2 * n + j, 0);
                    ds[k] = 0;
                    continue;
                }
                double dOut = m * (eps.get(b, j, t) + (fromNext ? dy.get(k) : 0));
                double i = z.get(zr + j);
                double o = z.get(zr + n + j);
                double gs = z.get(zr + 2 * n + j);
                double squashed = h.get(hr + j);
                double dzo = dOut * squashed * o * (1 - o);
                // d/ds (2 sigmoid(s) - 1) = 2 sigmoid(s) (1 - sigmoid(s)) = (1 - squashed^2) / 2
                double dCell = m * ds[k] + dOut * o * 0.5 * (1 - squashed * squashed);
                double dzi = dCell * (4 * gs - 2) * i * (1 - i);
                double dzg = dCell * i * 4 * gs * (1 - gs);
                ds[k] = dCell;
                z.set(zr + j, dzi);
                z.set(zr + n + j, dzo);
                z.set(zr + 2 * n + j, dzg);
                db[j] += dzi;
                db[n + j] += dzo;
                db[2 * n + j] += dzg;
            }
        }
    }

    /** A copy of the output (or the cell state, when {@code cellState}) after the last step of the last pass. */
    INDArray lastState(boolean cellState) {
        INDArray state = Nd4j.createUninitializedDetached(scratch.type(), batch, n);
        NativeCells to = NativeCells.of(state);
        long last = (long) steps * batch * n;
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) {
                int k = b * n + j;
                to.set(b * state.stride(0) + j * state.stride(1), cellState ? cell[k] : y.get(last + k));
            }
        }
        return state;
    }

    /** Reads a {@code [batch, n]} state (zeros if null) into slot 0 of {@code cells} or into {@code values}. */
    private void readState(INDArray from, int bs, NativeCells cells, double[] values) {
        NativeCells source = from == null ? null : NativeCells.of(from);
        for (int b = 0; b < bs; b++) {
            for (int j = 0; j < n; j++) {
                double v = source == null ? 0 : source.get(b * from.stride(0) + j * from.stride(1));
                if (cells != null) {
                    cells.set((long) b * n + j, v);
                } else {
                    values[b * n + j] = v;
                }
            }
        }
    }

    private Mat zRows(int t) {
        return Mat.rowMajor(z, (long) t * batch * BLOCKS * n, batch, BLOCKS * n);
    }

    /** Slot {@code t} of the outputs: y before step {@code t}. */
    private Mat yRows(int t) {
        return Mat.rowMajor(y, (long) t * batch * n, batch, n);
    }

    /** Frees the scratch now rather than when the garbage collector finds it. */
    void release() {
        scratch.release();
        steps = 0;
    }
}
