package io.carousel.toolkit.train;

/**
 * One evaluation during training.
 *
 * @param sequences          training sequences seen so far
 * @param loss               mean training loss over the batches since the previous row
 * @param fractionCorrect    fraction of training sequences since the previous row that were correct by the task's rule
 * @param validationMse      the task's mean squared error on the fixed validation set
 * @param validationCorrect  fraction of the validation set correct by the task's rule
 * @param elapsedSeconds     wall time since training started
 */
public record MetricsRow(long sequences, double loss, double fractionCorrect, double validationMse,
                         double validationCorrect, double elapsedSeconds) {
}
