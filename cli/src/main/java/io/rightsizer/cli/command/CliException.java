package io.rightsizer.cli.command;

/** A failure the command reports as one line on standard error, with the exit code it stands for. */
public class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A runtime failure (exit code 1): the command line was fine, the work failed. */
    public CliException(String message) {
        this(message, ExitCode.RUNTIME_ERROR, null);
    }

    public CliException(String message, Throwable cause) {
        this(message, ExitCode.RUNTIME_ERROR, cause);
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage error (exit code 2) found after parsing, for example a value out of its range. */
    public static CliException usage(String message) {
        return new CliException(message, ExitCode.USAGE, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
