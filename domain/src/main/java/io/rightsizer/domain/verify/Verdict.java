package io.rightsizer.domain.verify;

/** What to do with a memory change after its guard period. */
public enum Verdict {
    /** The new size did no harm: keep it. */
    KEEP,
    /** The new size hurt: go back to the previous one. */
    ROLLBACK
}
