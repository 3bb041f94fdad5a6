package io.rightsizer.domain.window;

/** What {@link WindowCoordinator#ensureWindow} found or did for one function. */
public enum WindowOutcome {
    /** Remembered as open by this instance: nothing read, nothing written. */
    KNOWN,
    /** Read: a window is open and its execution started (or refused for good). */
    OPEN,
    /** Claimed a new window and started its execution. */
    STARTED,
    /** Found a claim whose start had not been recorded (a crash or a concurrent claimer) and started it (again). */
    RESUMED,
    /** The window's own execution already exists (closed, or another input); recorded, not started again. */
    ALREADY_EXISTS,
    /** Step Functions refused to start the execution; recorded, not tried again in this window. */
    REFUSED
}
