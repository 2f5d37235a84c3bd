package io.carousel.toolkit.config;

import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.EmbeddedReber;

/**
 * {@code type: reber}: the embedded Reber grammar of Hochreiter &amp; Schmidhuber (1997), experiment 1. The training
 * and test strings are drawn from the experiment's seed.
 *
 * @param trainStrings how many training strings (the paper: 256)
 * @param testStrings  how many test strings, none of them a training string (the paper: 256)
 */
@Describe("embedded Reber grammar (1997 experiment 1): predict the legal next symbols of fixed training strings; "
        + "params train_strings, test_strings")
public record ReberSpec(int trainStrings, int testStrings) implements TaskSpec {

    public ReberSpec {
        Check.inRange("train_strings", trainStrings, 1, EmbeddedReber.MAX_STRINGS);
        Check.inRange("test_strings", testStrings, 1, EmbeddedReber.MAX_STRINGS);
    }

    @Override
    public Task create(long seed) {
        return new EmbeddedReber(trainStrings, testStrings, seed);
    }
}
