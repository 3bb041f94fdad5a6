package io.rightsizer.cli.command;

/** The exit codes every {@code rightsizer} command answers with (the README lists them). */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** The command could not do its job (an input could not be read, a service failed). */
    public static final int RUNTIME_ERROR = 1;
    /** The command line was wrong (unknown option, bad value, missing argument). */
    public static final int USAGE = 2;
    /** The command printed its result, but part of what it should have read could not be read (it says which). */
    public static final int PARTIAL = 3;
    /** AWS refused the caller: no credentials found, or access denied. */
    public static final int AWS_ACCESS = 4;
    /**
     * {@code analyze} read its inputs but found no usage report to analyse. (5, not 3: other commands use 3 for a
     * partial result and 4 for AWS refusing the caller.)
     */
    public static final int NO_REPORTS = 5;

    private ExitCode() {
    }
}
