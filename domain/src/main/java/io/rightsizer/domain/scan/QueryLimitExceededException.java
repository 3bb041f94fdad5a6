package io.rightsizer.domain.scan;

/** The account already runs as many queries as it may at once: try again later. */
public class QueryLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueryLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
