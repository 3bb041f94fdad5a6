package io.rightsizer.domain.decision;

/** The audit trail could not be read or written; the step changed nothing it cannot recognise when repeated. */
public class DecisionLogUnavailableException extends RuntimeException {

    public DecisionLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
