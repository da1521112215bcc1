package io.keywarden.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The walk over a job's items, as a table: how many items there are, the batch size and the most
 * a run handles, against the items handled, the batches asked for and where each batch began.
 */
class JobBatchesTests {

    @ParameterizedTest(name = "{0} items, batches of {1}, at most {2}: {3} handled in {4} batches")
    @CsvSource(textBlock = """
            # items, batch, max, handled, batches asked for
                0,    10,  100,    0, 1
                9,    10,  100,    9, 1
               10,    10,  100,   10, 2
               25,    10,  100,   25, 3
               25,    10,   20,   20, 2
               25,    10,   15,   20, 2
               25,    10,    1,   10, 1
             1000,   200, 2147483647, 1000, 6
            """)
    void everyItemIsHandledOnceBatchByBatchUpToAboutTheMost(
            int items, int batch, int max, int handled, int batchesAskedFor) {
        List<Integer> all = IntStream.rangeClosed(1, items).boxed().toList();
        List<Integer> after = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();

        JobResult result = JobBatches.walk(
                0,
                batch,
                max,
                (position, size) -> {
                    after.add(position);
                    return all.stream().filter(i -> i > position).limit(size).toList();
                },
                item -> item,
                item -> {
                    seen.add(item);
                    return JobResult.itemChanged();
                });

        assertThat(seen).isEqualTo(all.subList(0, handled));
        assertThat(result).isEqualTo(new JobResult(handled, handled, 0, null));
        assertThat(after).hasSize(batchesAskedFor);
        assertThat(after)
                .isEqualTo(IntStream.range(0, batchesAskedFor)
                        .mapToObj(n -> n * batch)
                        .toList());
    }

    @ParameterizedTest(name = "failing every {0}th of 25: {1} failed")
    @CsvSource({"1, 25", "5, 5", "30, 0"})
    void aFailedItemIsCountedAndPassedNotMetAgainInTheSameRun(int every, int failed) {
        List<Integer> all = IntStream.rangeClosed(1, 25).boxed().toList();
        List<Integer> seen = new ArrayList<>();

        JobResult result = JobBatches.walk(
                0,
                10,
                100,
                (position, size) ->
                        all.stream().filter(i -> i > position).limit(size).toList(),
                item -> item,
                item -> {
                    seen.add(item);
                    return item % every == 0 ? JobResult.itemFailed("item " + item) : JobResult.itemUnchanged();
                });

        assertThat(seen).isEqualTo(all);
        assertThat(result.examined()).isEqualTo(25);
        assertThat(result.changed()).isZero();
        assertThat(result.failed()).isEqualTo(failed);
    }
}
