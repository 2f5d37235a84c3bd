package io.carousel.tasks.hs97;

import io.carousel.tasks.NdArrays;
import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The embedded Reber grammar: Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", section 5.1
 * (experiment 1).
 *
 * <p>Seven symbols B, T, P, S, X, V, E, one-hot in and out. A string is B, then T or P, then a string of the Reber
 * grammar (B ... E), then the same T or P again, then E; the network predicts the possible next symbol(s) at every
 * step. The paper trains on 256 strings and tests on 256 separate ones; a trial succeeds when every symbol of every
 * training and test string is predicted correctly, which {@link #stoppingRule()} checks every {@code trainStrings}
 * sequences.
 *
 * <p>Our choices, not the paper's: the Reber grammar is the usual transition graph (Cleeremans, Servan-Schreiber and
 * McClelland 1989; Fahlman 1991) with its two branches at each state equiprobable, and T and P equiprobable at the
 * embedding; the input at step t is symbol t and the target is the multi-hot vector of the symbols that may legally
 * follow, so the final E is a target, never an input; a step is correct when every legal symbol's output is strictly
 * above every illegal symbol's, and a string when all its steps are; the training strings are drawn from
 * {@code seed} and may repeat; the test strings are drawn next from the same stream, skipping any string that occurs in
 * the training set (they too may repeat); a batch draws training strings uniformly with replacement; this task is a
 * class rather than a record because it holds its generated strings.
 */
public final class EmbeddedReber implements Task {

    /** The symbols in the order of the one-hot vectors. */
    static final String SYMBOLS = "BTPSXVE";
    static final int B = 0;
    static final int T = 1;
    static final int P = 2;
    static final int S = 3;
    static final int X = 4;
    static final int V = 5;
    static final int E = 6;
    /** The most training or test strings a task may hold. */
    public static final int MAX_STRINGS = 10_000;

    /** The Reber graph: from state k (0 just after the inner B), symbol EDGE_SYMBOL[k][i] leads to EDGE_TARGET[k][i]. */
    private static final int[][] EDGE_SYMBOL = {{T, P}, {S, X}, {T, V}, {X, S}, {P, V}};
    private static final int[][] EDGE_TARGET = {{1, 2}, {1, 3}, {2, 4}, {2, 5}, {3, 5}};
    /** The state from which only E follows. */
    private static final int FINAL = 5;

    private final int trainStrings;
    private final int testStrings;
    private final long seed;
    private final List<String> training;
    private final List<String> test;

    /**
     * @param trainStrings how many training strings (the paper: 256)
     * @param testStrings  how many test strings, none of them a training string (the paper: 256)
     * @param seed         draws both sets
     */
    public EmbeddedReber(int trainStrings, int testStrings, long seed) {
        if (trainStrings < 1 || trainStrings > MAX_STRINGS) {
            throw new IllegalArgumentException("trainStrings must be in [1, " + MAX_STRINGS + "], got " + trainStrings);
        }
        if (testStrings < 1 || testStrings > MAX_STRINGS) {
            throw new IllegalArgumentException("testStrings must be in [1, " + MAX_STRINGS + "], got " + testStrings);
        }
        this.trainStrings = trainStrings;
        this.testStrings = testStrings;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        List<String> train = new ArrayList<>(trainStrings);
        for (int i = 0; i < trainStrings; i++) {
            train.add(draw(random));
        }
        // The grammar's language is infinite, so strings outside the training set keep turning up.
        Set<String> seen = new HashSet<>(train);
        List<String> tests = new ArrayList<>(testStrings);
        while (tests.size() < testStrings) {
            String s = draw(random);
            if (!seen.contains(s)) {
                tests.add(s);
            }
        }
        this.training = List.copyOf(train);
        this.test = List.copyOf(tests);
    }

    public int trainStrings() {
        return trainStrings;
    }

    public int testStrings() {
        return testStrings;
    }

    public long seed() {
        return seed;
    }

    /** The training strings, in the order drawn. */
    List<String> training() {
        return training;
    }

    /** The test strings, in the order drawn. */
    List<String> test() {
        return test;
    }

    @Override
    public String name() {
        return "reber";
    }

    @Override
    public int inputSize() {
        return SYMBOLS.length();
    }

    @Override
    public int outputSize() {
        return SYMBOLS.length();
    }

    @Override
    public Labels labels() {
        return Labels.EVERY_STEP;
    }

    /** {@code size} training strings, drawn uniformly with replacement. */
    @Override
    public DataSet batch(int size, long batchSeed) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        SplittableRandom random = new SplittableRandom(batchSeed);
        List<String> picked = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            picked.add(training.get(random.nextInt(trainStrings)));
        }
        return dataSet(picked);
    }

    /** All the training strings, in the order drawn, as one batch. */
    public DataSet trainingSet() {
        return dataSet(training);
    }

    @Override
    public Optional<DataSet> fixedTestSet() {
        return Optional.of(dataSet(test));
    }

    /**
     * A string is correct when at each of its steps every legal next symbol's output is strictly above every illegal
     * one's; its error is the mean squared error against the multi-hot targets over its steps and all outputs.
     */
    @Override
    public Verdict judge(DataSet batch, INDArray predictions) {
        INDArray labels = batch.getLabels();
        LastStepJudge.requireSameShape(labels, predictions);
        int n = (int) labels.size(0);
        int outputs = (int) labels.size(1);
        int steps = (int) labels.size(2);
        double[] y = labels.dup('c').data().asDouble();
        double[] p = predictions.dup('c').data().asDouble();
        INDArray labelsMask = batch.getLabelsMaskArray();
        double[] mask = labelsMask == null ? null : labelsMask.dup('c').data().asDouble();
        boolean[] correct = new boolean[n];
        double[] squaredError = new double[n];
        for (int i = 0; i < n; i++) {
            boolean ok = true;
            double sum = 0;
            int judged = 0;
            for (int t = 0; t < steps; t++) {
                if (mask != null && mask[i * steps + t] == 0) {
                    continue;
                }
                double lowestLegal = Double.POSITIVE_INFINITY;
                double highestIllegal = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < outputs; j++) {
                    int at = (i * outputs + j) * steps + t;
                    double err = p[at] - y[at];
                    sum += err * err;
                    if (y[at] > 0.5) {
                        lowestLegal = Math.min(lowestLegal, p[at]);
                    } else {
                        highestIllegal = Math.max(highestIllegal, p[at]);
                    }
                }
                ok &= lowestLegal > highestIllegal;
                judged++;
            }
            correct[i] = ok;
            squaredError[i] = judged == 0 ? 0 : sum / ((double) judged * outputs);
        }
        return new Verdict(correct, squaredError);
    }

    /** The paper's success: no training string and no test string wrong, checked every {@code trainStrings} sequences. */
    @Override
    public StoppingRule stoppingRule() {
        return new Rule(this);
    }

    /** One string of the embedded grammar. */
    static String draw(SplittableRandom random) {
        char branch = random.nextBoolean() ? 'T' : 'P';
        StringBuilder s = new StringBuilder().append('B').append(branch).append('B');
        for (int state = 0; state != FINAL; ) {
            int edge = random.nextInt(2);
            s.append(SYMBOLS.charAt(EDGE_SYMBOL[state][edge]));
            state = EDGE_TARGET[state][edge];
        }
        return s.append('E').append(branch).append('E').toString();
    }

    /**
     * For each symbol of {@code s} but the last, the set (bit {@code 1 << symbol}) of symbols that may follow the
     * string so far.
     */
    static int[] legalNext(String s) {
        int[] legal = new int[s.length() - 1];
        legal[0] = 1 << T | 1 << P;
        legal[1] = 1 << B;
        int at = 2;
        legal[at] = successors(0);
        for (int state = 0; state != FINAL; ) {
            int symbol = SYMBOLS.indexOf(s.charAt(++at));
            state = next(state, symbol);
            legal[at] = state == FINAL ? 1 << E : successors(state);
        }
        legal[at + 1] = 1 << SYMBOLS.indexOf(s.charAt(1));
        legal[at + 2] = 1 << E;
        return legal;
    }

    private static int successors(int state) {
        return 1 << EDGE_SYMBOL[state][0] | 1 << EDGE_SYMBOL[state][1];
    }

    private static int next(int state, int symbol) {
        for (int edge = 0; edge < 2; edge++) {
            if (EDGE_SYMBOL[state][edge] == symbol) {
                return EDGE_TARGET[state][edge];
            }
        }
        throw new IllegalStateException("no edge " + symbol + " from state " + state);
    }

    /** Inputs every symbol but the last; targets the legal next symbols; both masked past each string's end. */
    static DataSet dataSet(List<String> strings) {
        int n = strings.size();
        int[][] inputs = new int[n][];
        for (int i = 0; i < n; i++) {
            String s = strings.get(i);
            inputs[i] = new int[s.length() - 1];
            for (int t = 0; t < inputs[i].length; t++) {
                inputs[i][t] = SYMBOLS.indexOf(s.charAt(t));
            }
        }
        int steps = OneHot.longest(inputs);
        int symbols = SYMBOLS.length();
        float[] targets = new float[n * symbols * steps];
        for (int i = 0; i < n; i++) {
            int[] legal = legalNext(strings.get(i));
            for (int t = 0; t < legal.length; t++) {
                for (int j = 0; j < symbols; j++) {
                    if ((legal[t] & 1 << j) != 0) {
                        targets[(i * symbols + j) * steps + t] = 1f;
                    }
                }
            }
        }
        INDArray mask = OneHot.mask(inputs, steps);
        return new DataSet(OneHot.sequences(inputs, symbols, steps),
                NdArrays.floats(targets, n, symbols, steps), mask, mask.dup());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddedReber r && r.trainStrings == trainStrings && r.testStrings == testStrings
                && r.seed == seed;
    }

    @Override
    public int hashCode() {
        return (31 * trainStrings + testStrings) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "EmbeddedReber[trainStrings=" + trainStrings + ", testStrings=" + testStrings + ", seed=" + seed + "]";
    }

    /** Judges the whole training set and the whole test set; satisfied once neither had a wrong string. */
    private static final class Rule implements StoppingRule {
        private final EmbeddedReber task;
        private final DataSet trainingSet;
        private final DataSet testSet;
        private int trainingWrong = -1;
        private int testWrong = -1;

        Rule(EmbeddedReber task) {
            this.task = task;
            this.trainingSet = task.trainingSet();
            this.testSet = dataSet(task.test);
        }

        @Override
        public void observe(Verdict trainingBatch) {
            // The paper's criterion is on the fixed sets, judged by check().
        }

        @Override
        public long checkEvery() {
            return task.trainStrings;
        }

        @Override
        public void check(Function<DataSet, INDArray> network, long checkSeed) {
            trainingWrong = task.judge(trainingSet, network.apply(trainingSet)).wrong();
            testWrong = task.judge(testSet, network.apply(testSet)).wrong();
        }

        @Override
        public boolean satisfied() {
            return trainingWrong == 0 && testWrong == 0;
        }

        @Override
        public void save(DataOutput out) throws IOException {
            out.writeInt(trainingWrong);
            out.writeInt(testWrong);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            trainingWrong = in.readInt();
            testWrong = in.readInt();
        }

        @Override
        public String progress() {
            return trainingWrong < 0 ? "not checked yet"
                    : String.format(Locale.ROOT, "%d of %d training and %d of %d test strings wrong", trainingWrong,
                            task.trainStrings, testWrong, task.testStrings);
        }
    }
}
