package io.rightsizer.domain.decision;

/** The state machine step that changes memory. */
public enum DecisionStep {
    /** Towards the recommendation. */
    APPLY,
    /** Back to the size before the change. */
    ROLLBACK
}
