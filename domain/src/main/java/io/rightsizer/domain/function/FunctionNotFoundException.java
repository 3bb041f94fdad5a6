package io.rightsizer.domain.function;

/** The function to read or change does not exist. */
public class FunctionNotFoundException extends RuntimeException {

    public FunctionNotFoundException(String message) {
        super(message);
    }

    public FunctionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
