package io.rightsizer.domain.function;

/** The Lambda control plane kept throttling or reporting a conflicting update until the retry budget was spent. */
public class ControlPlaneBusyException extends RuntimeException {

    public ControlPlaneBusyException(String message) {
        super(message);
    }

    public ControlPlaneBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
