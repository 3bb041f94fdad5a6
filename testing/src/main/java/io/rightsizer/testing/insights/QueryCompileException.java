package io.rightsizer.testing.insights;

/** A query string the local Logs Insights cannot run: answered as {@code MalformedQueryException}, like the service. */
public final class QueryCompileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;

    QueryCompileException(String message, int position) {
        super(message + " at character " + position);
        this.position = position;
    }

    /** Where in the query string the problem is. */
    public int position() {
        return position;
    }
}
