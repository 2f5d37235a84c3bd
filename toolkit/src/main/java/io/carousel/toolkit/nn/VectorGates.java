package io.carousel.toolkit.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise half of a forward step in float precision, {@link FloatVector#SPECIES_PREFERRED} lanes at a time
 * (16 with AVX-512), through Java's incubating Vector API, whose {@code EXP} runs as a vectorised native routine: the
 * gate non-linearities cost about a twentieth of scalar {@code Math.exp}. Same formulas as {@link LstmKernel}'s scalar
 * loop; results agree to float rounding.
 *
 * <p>Load this class only when {@link VectorSupport#enabled()}: without {@code --add-modules jdk.incubator.vector}
 * the JVM cannot link it.
 */
final class VectorGates {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    /** Up to this many inputs, each step projects its own inputs instead of one product over all steps. */
    static final int MAX_PROJECTED_INPUTS = 16;

    private final int n;
    private final boolean peepholes;
    private float[] gates = new float[0];
    private float[] cellsBefore = new float[0];
    private float[] cellsAfter = new float[0];
    private float[] outputs = new float[0];
    private float[] cellTanh = new float[0];
    private float[] inputs = new float[0];
    private float[] inputGrads = new float[0];
    /** Input weights, row-major {@code [nIn][4n]}, when the input projection is done here (small nIn); else null. */
    private float[] wx;
    private int nIn;
    private float[] bias;
    private float[] wff;
    private float[] woo;
    private float[] wgg;

    VectorGates(int units, boolean peepholes) {
        this.n = units;
        this.peepholes = peepholes;
    }

    /**
     * Takes this pass's bias, peephole weights (null without peepholes) and, when the steps should project their own
     * inputs, the input weights ({@code [nIn][4n]} row-major; null when the caller has done it with one product).
     */
    void begin(double[] bias4, double[] wff, double[] woo, double[] wgg, float[] wx, int nIn, int batch) {
        this.wx = wx;
        this.nIn = nIn;
        if (wx != null && inputs.length < batch * nIn) {
            inputs = new float[batch * nIn];
            inputGrads = new float[batch * nIn];
        }
        this.bias = floats(bias4);
        this.wff = floats(wff);
        this.woo = floats(woo);
        this.wgg = floats(wgg);
        if (outputs.length < batch * n) {
            gates = new float[batch * 4 * n];
            cellsBefore = new float[batch * n];
            cellsAfter = new float[batch * n];
            outputs = new float[batch * n];
            cellTanh = new float[batch * n];
        }
    }

    /**
     * Step {@code t}: takes the pre-activations of all rows from {@code z} (or, when projecting, computes them from
     * {@code recurrent}, the step's {@code h * RW} or null for zeros, plus the step's inputs from {@code x}) and the
     * previous cells from {@code c} (slot {@code t}); writes the activations to {@code z}, the new cells and outputs
     * to slot {@code t + 1} of {@code c} and {@code h}, and tanh of the cells to {@code act}.
     */
    void step(NativeCells.F32 recurrent, NativeCells.F32 x, NativeCells.F32 z, NativeCells.F32 c,
              NativeCells.F32 h, NativeCells.F32 act, int t, int batch, double[] mask) {
        long zFrom = (long) t * batch * 4 * n;
        long prev = (long) t * batch * n;
        long next = prev + (long) batch * n;
        if (wx == null) {
            z.read(zFrom, gates, batch * 4 * n);
        } else {
            if (recurrent == null) {
                java.util.Arrays.fill(gates, 0, batch * 4 * n, 0f);
            } else {
                recurrent.read(0, gates, batch * 4 * n);
            }
            x.read((long) t * batch * nIn, inputs, batch * nIn);
        }
        c.read(prev, cellsBefore, batch * n);
        for (int b = 0; b < batch; b++) {
            if (wx != null) {
                project(b);
            }
            row(b, mask == null ? 1f : (float) mask[t * batch + b]);
        }
        z.write(zFrom, gates, batch * 4 * n);
        c.write(next, cellsAfter, batch * n);
        h.write(next, outputs, batch * n);
        act.write(prev, cellTanh, batch * n);
    }

    /** Adds row {@code b}'s input projection {@code x[b] * W} to its pre-activations. */
    private void project(int b) {
        int zr = b * 4 * n;
        for (int k = 0; k < nIn; k++) {
            float xk = inputs[b * nIn + k];
            int wr = k * 4 * n;
            for (int j = 0; j < 4 * n; j += S.length()) {
                VectorMask<Float> in = S.indexInRange(j, 4 * n);
                FloatVector.fromArray(S, wx, wr + j, in)
                        .fma(FloatVector.broadcast(S, xk), FloatVector.fromArray(S, gates, zr + j, in))
                        .intoArray(gates, zr + j, in);
            }
        }
    }

    /**
     * With the input projection done here: adds row {@code b}'s share of the input-weight gradient to {@code dW}
     * ({@code x[b]^T dZ[b]}) and computes its input gradient {@code dZ[b] W^T}.
     */
    private void inputGradients(int b, float[] dW) {
        int zr = b * 4 * n;
        for (int k = 0; k < nIn; k++) {
            FloatVector xk = FloatVector.broadcast(S, inputs[b * nIn + k]);
            FloatVector dot = FloatVector.zero(S);
            int wr = k * 4 * n;
            for (int j = 0; j < 4 * n; j += S.length()) {
                VectorMask<Float> in = S.indexInRange(j, 4 * n);
                FloatVector dz = FloatVector.fromArray(S, gates, zr + j, in);
                dz.fma(xk, FloatVector.fromArray(S, dW, wr + j, in)).intoArray(dW, wr + j, in);
                dot = dz.fma(FloatVector.fromArray(S, wx, wr + j, in), dot);
            }
            inputGrads[b * nIn + k] = dot.reduceLanes(VectorOperators.ADD);
        }
    }

    private void row(int b, float m) {
        int zr = b * 4 * n;
        int sr = b * n;
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> in = S.indexInRange(j, n);
            FloatVector cPrev = FloatVector.fromArray(S, cellsBefore, sr + j, in);
            FloatVector zf = load(zr + n + j, n + j, in);
            FloatVector zg = load(zr + 3 * n + j, 3 * n + j, in);
            if (peepholes) {
                zf = cPrev.fma(FloatVector.fromArray(S, wff, j, in), zf);
                zg = cPrev.fma(FloatVector.fromArray(S, wgg, j, in), zg);
            }
            FloatVector a = tanh(load(zr + j, j, in));
            FloatVector f = sigmoid(zf);
            FloatVector g = sigmoid(zg);
            FloatVector cell = f.mul(cPrev).add(g.mul(a));
            FloatVector zo = load(zr + 2 * n + j, 2 * n + j, in);
            if (peepholes) {
                zo = cell.fma(FloatVector.fromArray(S, woo, j, in), zo);
            }
            FloatVector o = sigmoid(zo);
            FloatVector tc = tanh(cell);
            a.intoArray(gates, zr + j, in);
            f.intoArray(gates, zr + n + j, in);
            o.intoArray(gates, zr + 2 * n + j, in);
            g.intoArray(gates, zr + 3 * n + j, in);
            tc.intoArray(cellTanh, sr + j, in);
            cell.mul(m).intoArray(cellsAfter, sr + j, in);
            o.mul(tc).mul(m).intoArray(outputs, sr + j, in);
        }
    }

    /**
     * The element-wise half of backward step {@code t} (the gradient of {@link #step}): reads the step's
     * activations from {@code z}, the gradient w.r.t. the outputs ({@code eps}, plus {@code dh} from the step after
     * when {@code fromNext}) and the cell gradient {@code dc} carried from the step after; writes the pre-activation
     * gradients back to {@code z}, the cell gradient for the step before to {@code dc}, and adds to {@code db} and
     * (with peepholes) {@code dPeep} ({@code wFF, wOO, wGG}).
     */
    void backStep(NativeCells.F32 z, NativeCells.F32 c, NativeCells.F32 act, NativeCells.F32 dh, int t, int batch,
                  double[] mask, float[] eps, boolean fromNext, float[] dc, float[] db, float[] dPeep,
                  NativeCells.F32 x, NativeCells.F32 dx, float[] dW) {
        long zFrom = (long) t * batch * 4 * n;
        long prev = (long) t * batch * n;
        long next = prev + (long) batch * n;
        z.read(zFrom, gates, batch * 4 * n);
        act.read(prev, cellTanh, batch * n);
        c.read(prev, cellsBefore, batch * n);
        if (peepholes) {
            c.read(next, cellsAfter, batch * n);
        }
        if (fromNext) {
            dh.read(0, outputs, batch * n);
        }
        if (wx != null) {
            x.read((long) t * batch * nIn, inputs, batch * nIn);
        }
        for (int b = 0; b < batch; b++) {
            float m = mask == null ? 1f : (float) mask[t * batch + b];
            if (m == 0) {
                // A masked step's outputs are constants: nothing flows through it.
                java.util.Arrays.fill(gates, b * 4 * n, (b + 1) * 4 * n, 0f);
                java.util.Arrays.fill(dc, b * n, (b + 1) * n, 0f);
            } else {
                backRow(b, m, eps, fromNext, dc, db, dPeep);
            }
            if (wx != null) {
                inputGradients(b, dW);
            }
        }
        z.write(zFrom, gates, batch * 4 * n);
        if (wx != null) {
            dx.write((long) t * batch * nIn, inputGrads, batch * nIn);
        }
    }

    // The backward row is split in two so that each part stays small enough for the JIT's first tier (one method
    // with every vector of the step ran out of registers there and never reached the optimising compiler).
    private void backRow(int b, float m, float[] eps, boolean fromNext, float[] dc, float[] db, float[] dPeep) {
        int zr = b * 4 * n;
        int sr = b * n;
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> in = S.indexInRange(j, n);
            FloatVector dCell = backOutputGate(zr, sr, j, in, m, eps, fromNext, dc, db, dPeep);
            backCellGates(zr, sr, j, in, dCell, dc, db, dPeep);
        }
    }

    /** The output gate's gradient (stored), and the gradient w.r.t. the cell before masking (returned). */
    private FloatVector backOutputGate(int zr, int sr, int j, VectorMask<Float> in, float m, float[] eps,
                                      boolean fromNext, float[] dc, float[] db, float[] dPeep) {
        FloatVector dOut = FloatVector.fromArray(S, eps, sr + j, in);
        if (fromNext) {
            dOut = dOut.add(FloatVector.fromArray(S, outputs, sr + j, in));
        }
        dOut = dOut.mul(m);
        FloatVector o = FloatVector.fromArray(S, gates, zr + 2 * n + j, in);
        FloatVector tc = FloatVector.fromArray(S, cellTanh, sr + j, in);
        FloatVector dzo = dOut.mul(tc).mul(o).mul(ONE.sub(o));
        FloatVector dCell = FloatVector.fromArray(S, dc, sr + j, in).mul(m)
                .add(dOut.mul(o).mul(ONE.sub(tc.mul(tc))));
        if (peepholes) {
            dCell = dzo.fma(FloatVector.fromArray(S, woo, j, in), dCell);
            accumulate(dPeep, n + j, dzo.mul(FloatVector.fromArray(S, cellsAfter, sr + j, in)), in);
        }
        dzo.intoArray(gates, zr + 2 * n + j, in);
        accumulate(db, 2 * n + j, dzo, in);
        return dCell;
    }

    /** The gradients of the block input, forget and input gates, and of the cell before this step. */
    private void backCellGates(int zr, int sr, int j, VectorMask<Float> in, FloatVector dCell, float[] dc,
                               float[] db, float[] dPeep) {
        FloatVector a = FloatVector.fromArray(S, gates, zr + j, in);
        FloatVector f = FloatVector.fromArray(S, gates, zr + n + j, in);
        FloatVector g = FloatVector.fromArray(S, gates, zr + 3 * n + j, in);
        FloatVector cPrev = FloatVector.fromArray(S, cellsBefore, sr + j, in);
        FloatVector dzf = dCell.mul(cPrev).mul(f).mul(ONE.sub(f));
        FloatVector dzg = dCell.mul(a).mul(g).mul(ONE.sub(g));
        FloatVector dza = dCell.mul(g).mul(ONE.sub(a.mul(a)));
        FloatVector dcBefore = dCell.mul(f);
        if (peepholes) {
            dcBefore = dzf.fma(FloatVector.fromArray(S, wff, j, in), dcBefore);
            dcBefore = dzg.fma(FloatVector.fromArray(S, wgg, j, in), dcBefore);
            accumulate(dPeep, j, dzf.mul(cPrev), in);
            accumulate(dPeep, 2 * n + j, dzg.mul(cPrev), in);
        }
        dcBefore.intoArray(dc, sr + j, in);
        dza.intoArray(gates, zr + j, in);
        dzf.intoArray(gates, zr + n + j, in);
        dzg.intoArray(gates, zr + 3 * n + j, in);
        accumulate(db, j, dza, in);
        accumulate(db, n + j, dzf, in);
        accumulate(db, 3 * n + j, dzg, in);
    }

    private static void accumulate(float[] sums, int at, FloatVector values, VectorMask<Float> in) {
        FloatVector.fromArray(S, sums, at, in).add(values).intoArray(sums, at, in);
    }

    /** Pre-activation plus bias. */
    private FloatVector load(int gateIndex, int biasIndex, VectorMask<Float> in) {
        return FloatVector.fromArray(S, gates, gateIndex, in).add(FloatVector.fromArray(S, bias, biasIndex, in));
    }

    private static FloatVector sigmoid(FloatVector v) {
        return ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /** The lane width, e.g. {@code 16 floats (512-bit)}. */
    static String describe() {
        return S.length() + " floats (" + S.vectorBitSize() + "-bit)";
    }

    private static FloatVector tanh(FloatVector v) {
        // 2 sigmoid(2v) - 1, the same formula as the scalar path
        return sigmoid(v.mul(2f)).mul(2f).sub(1f);
    }

    private static float[] floats(double[] values) {
        if (values == null) {
            return null;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
