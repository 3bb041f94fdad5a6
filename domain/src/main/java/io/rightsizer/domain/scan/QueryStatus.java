package io.rightsizer.domain.scan;

/** Where a usage query is; every state after {@link #RUNNING} is final. */
public enum QueryStatus {
    SCHEDULED, RUNNING, COMPLETE, FAILED, CANCELLED, TIMEOUT, UNKNOWN;

    /** Whether the query will not change any more. */
    public boolean isFinal() {
        return this != SCHEDULED && this != RUNNING;
    }
}
