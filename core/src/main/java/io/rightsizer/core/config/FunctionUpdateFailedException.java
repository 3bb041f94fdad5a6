package io.rightsizer.core.config;

/** Lambda reported a configuration update as Failed. */
public class FunctionUpdateFailedException extends RuntimeException {

    public FunctionUpdateFailedException(String message) {
        super(message);
    }

    public FunctionUpdateFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
