package io.rightsizer.domain.scan;

/** A query named a log group that does not exist (for example one deleted after the scan listed it). */
public class LogGroupNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LogGroupNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
