package io.keywarden.jobs;

/**
 * What one run of a job did.
 *
 * @param examined how many items it looked at
 * @param changed how many it changed (here or upstream)
 * @param failed how many it could not handle; they are tried again on the next run
 * @param lastError the last failure's description, or {@code null}
 */
public record JobResult(int examined, int changed, int failed, String lastError) {

    public static JobResult none() {
        return new JobResult(0, 0, 0, null);
    }

    /** One item looked at and left as it was. */
    public static JobResult itemUnchanged() {
        return new JobResult(1, 0, 0, null);
    }

    /** One item looked at and changed. */
    public static JobResult itemChanged() {
        return new JobResult(1, 1, 0, null);
    }

    /** One item that could not be handled, and why. */
    public static JobResult itemFailed(String error) {
        return new JobResult(1, 0, 1, error);
    }

    /** Adds up results, for jobs that work in batches. */
    public JobResult plus(JobResult other) {
        return new JobResult(
                examined + other.examined,
                changed + other.changed,
                failed + other.failed,
                other.lastError != null ? other.lastError : lastError);
    }
}
