package io.rightsizer.domain.window;

/** Where a function's window claim stands. */
public enum WindowState {
    /** Claimed; the Step Functions execution may or may not have been started yet. */
    STARTING,
    /** The execution was started (its ARN is on the item). */
    STARTED,
    /** The execution finished (written by the state machine); the next report starts the next window. */
    CLOSED
}
