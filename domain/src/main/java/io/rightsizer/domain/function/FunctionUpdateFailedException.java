package io.rightsizer.domain.function;

/** Lambda reported a configuration update as Failed. */
public class FunctionUpdateFailedException extends RuntimeException {

    public FunctionUpdateFailedException(String message) {
        super(message);
    }

    public FunctionUpdateFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
