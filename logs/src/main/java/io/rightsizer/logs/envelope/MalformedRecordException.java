package io.rightsizer.logs.envelope;

/** A record that can never be read; it is counted, logged once and skipped, never retried. */
public final class MalformedRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
