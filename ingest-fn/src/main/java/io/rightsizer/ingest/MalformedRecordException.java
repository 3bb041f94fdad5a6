package io.rightsizer.ingest;

/** A record that can never be read; it is counted, logged once and skipped, never retried. */
final class MalformedRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
