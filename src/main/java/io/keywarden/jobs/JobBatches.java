package io.keywarden.jobs;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Walks a job's items batch by batch in key order, so that memory stays bounded by the batch
 * whatever the number of items, and an item that fails (and so stays due) is passed rather than
 * met again in the same run.
 */
public final class JobBatches {

    private JobBatches() {}

    /**
     * Handles every item {@code batch} finds after {@code start}, up to about {@code max} items.
     *
     * @param batch the next items after a position, at most the size asked for, in key order
     * @param position an item's position in that order
     * @param each handles one item and says what came of it
     */
    public static <T, P> JobResult walk(
            P start,
            int size,
            int max,
            BiFunction<P, Integer, List<T>> batch,
            Function<T, P> position,
            Function<T, JobResult> each) {
        JobResult total = JobResult.none();
        P after = start;
        while (total.examined() < max) {
            List<T> items = batch.apply(after, size);
            for (T item : items) {
                total = total.plus(each.apply(item));
            }
            if (items.size() < size) {
                break;
            }
            after = position.apply(items.get(items.size() - 1));
        }
        return total;
    }
}
