package io.rightsizer.logs.envelope;

/** Raised when a stream record cannot be read: not JSON, not this format, or invalid values. */
public class StreamRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public StreamRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    public StreamRecordException(String message) {
        super(message);
    }
}
