package io.rightsizer.domain.decision;

/** What apply-fn did with a decision, as written to the audit trail. */
public enum DecisionStatus {
    /** The memory was changed to the recommendation. */
    APPLIED,
    /** Dry run: recorded, nothing changed. */
    DRY_RUN,
    /** Not changed: the configuration changed since the evaluation or an update was in progress. */
    SKIPPED,
    /** The memory went back to the size before the change. */
    ROLLED_BACK,
    /** The rollback was not done: someone changed the memory after the change. */
    ROLLBACK_SKIPPED
}
