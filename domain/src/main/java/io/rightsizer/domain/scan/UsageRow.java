package io.rightsizer.domain.scan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of a usage query: the reports of one log group (and, in a shared log group, one function) on one UTC day at
 * one configured memory size with one outcome, aggregated on the server.
 *
 * @param logGroup        the log group the reports were read from
 * @param streamFunction  the function named by the log stream (custom log groups name it), or {@code ""} when the
 *                        stream does not name one (a function's default log group)
 * @param day             the UTC day
 * @param memorySizeMb    the configured memory the reports show
 * @param status          the reports' status ({@code error}, {@code timeout}, ...), or {@code null} when they carry none
 * @param errorType       the reports' error type ({@code Runtime.OutOfMemory}, ...), or {@code null}
 * @param maxMemoryUsedMb the highest peak memory among the reports
 * @param invocations     how many reports
 * @param billedMsSum     their billed milliseconds
 * @param durationMsSum   their duration in milliseconds
 * @param coldStarts      how many of them carry an init duration
 * @param lastSeen        the time of the latest of them
 */
public record UsageRow(String logGroup, String streamFunction, LocalDate day, int memorySizeMb, String status,
                       String errorType, int maxMemoryUsedMb, long invocations, long billedMsSum, double durationMsSum,
                       long coldStarts, Instant lastSeen) {

    public UsageRow {
        Objects.requireNonNull(logGroup, "logGroup");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(lastSeen, "lastSeen");
        streamFunction = streamFunction == null ? "" : streamFunction;
        status = blankToNull(status);
        errorType = blankToNull(errorType);
        if (memorySizeMb <= 0) {
            throw new IllegalArgumentException("memorySizeMb must be positive: " + memorySizeMb);
        }
        if (maxMemoryUsedMb < 0 || invocations <= 0 || billedMsSum < 0 || durationMsSum < 0 || coldStarts < 0) {
            throw new IllegalArgumentException("figures out of range in row " + logGroup + "/" + day);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
