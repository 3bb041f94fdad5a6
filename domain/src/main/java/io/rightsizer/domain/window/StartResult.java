package io.rightsizer.domain.window;

import java.util.Objects;

/**
 * What happened to a request to start a window's execution (transient failures are thrown instead).
 *
 * @param status       the kind of outcome
 * @param executionArn the execution's ARN (for {@link Status#REFUSED}, {@code null})
 * @param detail       Step Functions' reason when it did not start a new execution, otherwise {@code null}
 */
public record StartResult(Status status, String executionArn, String detail) {

    /** Kinds of outcome. */
    public enum Status {
        /** Running now (newly started, or the same name and input already running). */
        STARTED,
        /**
         * This window's execution (same name, same function) exists but is closed or has another input: nothing new
         * was started. A name taken by another function's execution is {@link #REFUSED} instead.
         */
        ALREADY_EXISTS,
        /** Step Functions refused the request for good (validation, missing state machine): starting again will not help. */
        REFUSED
    }

    public StartResult {
        Objects.requireNonNull(status, "status");
        if (status != Status.REFUSED && executionArn == null) {
            throw new IllegalArgumentException(status + " needs the execution ARN");
        }
    }

    public static StartResult started(String executionArn) {
        return new StartResult(Status.STARTED, executionArn, null);
    }

    public static StartResult alreadyExists(String executionArn, String detail) {
        return new StartResult(Status.ALREADY_EXISTS, executionArn, detail);
    }

    public static StartResult refused(String detail) {
        return new StartResult(Status.REFUSED, null, detail);
    }
}
