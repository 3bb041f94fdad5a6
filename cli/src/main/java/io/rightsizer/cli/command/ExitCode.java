package io.rightsizer.cli.command;

/** The exit codes every {@code rightsizer} command answers with (the README lists them). */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** The command could not do its job (an input could not be read, a service failed). */
    public static final int RUNTIME_ERROR = 1;
    /** The command line was wrong (unknown option, bad value, missing argument). */
    public static final int USAGE = 2;
    /** {@code analyze} read its inputs but found no usage report to analyse. */
    public static final int NO_REPORTS = 3;

    private ExitCode() {
    }
}
