package io.rightsizer.domain.verify;

/** What to do with a memory change after its guard period. */
public enum Verdict {
    /** The new size did no harm: keep it. */
    KEEP,
    /** The new size hurt: go back to the previous one. */
    ROLLBACK,
    /** The increase was not enough (out-of-memory invocations at the new size): raise again now. */
    RAISE,
    /**
     * The watched days' reports did not run at the new size (published versions behind an alias, or someone changed the
     * size): the change is not in effect and is not judged.
     */
    NOT_IN_EFFECT
}
