package io.rightsizer.logs;

/** Raised when an input as a whole cannot be read as usage (for example a subscription payload that is neither gzip nor JSON). */
public class UsageParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageParseException(String message) {
        super(message);
    }

    public UsageParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
