package io.rightsizer.domain.decision;

/** What apply-fn did with a decision, as written to the audit trail (and returned to the state machine). */
public enum DecisionStatus {
    /**
     * About to change the memory: written before {@code UpdateFunctionConfiguration} is called, so a retried step that
     * finds it recognises the change as its own (a lost response, a wait that gave up, a failed audit write).
     */
    INTENDED,
    /** Returned while Lambda still applies the change ({@code LastUpdateStatus=InProgress}); never logged as final. */
    UPDATING,
    /** The memory was changed to the recommendation. */
    APPLIED,
    /** Dry run: recorded, nothing changed. */
    DRY_RUN,
    /**
     * Decided, recorded and not applied: the function is in recommend mode, or live traffic runs on published versions,
     * which {@code UpdateFunctionConfiguration} does not change; the user sets the size in their deployment.
     */
    RECOMMENDED,
    /** Not changed: the configuration changed since the evaluation, an update was in progress or Lambda failed it. */
    SKIPPED,
    /** The function no longer exists; nothing to change. */
    GONE,
    /** The memory went back to the size before the change. */
    ROLLED_BACK,
    /** The rollback was not done: someone changed the memory after the change. */
    ROLLBACK_SKIPPED;

    /** Whether this is a step's last word (an intent or an update in progress is not). */
    public boolean isFinal() {
        return this != INTENDED && this != UPDATING;
    }
}
