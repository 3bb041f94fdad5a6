package io.rightsizer.evaluate;

/** The task input is not what the state machine sends. */
public class InvalidEvaluateRequestException extends RuntimeException {

    public InvalidEvaluateRequestException(String message) {
        super(message);
    }
}
