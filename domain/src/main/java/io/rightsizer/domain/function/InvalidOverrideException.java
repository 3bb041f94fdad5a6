package io.rightsizer.domain.function;

/** A function's override tag holds a value its key does not allow; the message names the tag and the value. */
public class InvalidOverrideException extends IllegalArgumentException {

    public InvalidOverrideException(String message) {
        super(message);
    }
}
