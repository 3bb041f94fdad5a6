package io.rightsizer.domain.policy;

/** What the policy says to do with a function's memory. */
public enum DecisionKind {
    /** Lower the memory. */
    DECREASE,
    /** Raise the memory. */
    INCREASE,
    /** Leave the memory as it is. */
    KEEP,
    /** Too few days or invocations to decide. */
    INSUFFICIENT_DATA,
    /** The function is excluded by tag or deny list; nothing was evaluated. */
    EXCLUDED;

    /** Whether the decision changes the configured memory. */
    public boolean changesMemory() {
        return this == DECREASE || this == INCREASE;
    }
}
