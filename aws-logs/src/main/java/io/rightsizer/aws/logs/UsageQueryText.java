package io.rightsizer.aws.logs;

import io.rightsizer.domain.scan.LogFormat;

/**
 * The Logs Insights queries that turn a log group's invocation reports into one row per log group, writing function,
 * UTC day, memory size and outcome: the per-day figures the sizing policy needs, aggregated on the server.
 *
 * <p>Text logs: Logs Insights discovers {@code @memorySize}, {@code @maxMemoryUsed} (both in bytes, 1 MB = 10^6
 * bytes), {@code @duration}, {@code @billedDuration} and {@code @initDuration} on every {@code REPORT} line; the
 * status and error type that failed invocations add are parsed from the line. JSON logs: the {@code platform.report}
 * record's own fields, in MB and ms. Both read the writing function from the log stream, which names it in custom
 * (possibly shared) log groups ({@code 2026/11/02/orders[$LATEST]...}) and not in a default one
 * ({@code 2026/11/02/[$LATEST]...}).
 */
final class UsageQueryText {

    /** Result column: the UTC day. */
    static final String DAY = "bin(1d)";
    /** Result column: {@code <account>:<log group>}. */
    static final String LOG = "@log";
    /** Result column: the function the stream names, or {@link #NONE}. */
    static final String WRITER = "writer";
    static final String OUTCOME = "outcome";
    static final String FAILURE = "failure";
    static final String MAX_MEMORY_USED = "maxMemoryUsed";
    static final String REPORTS = "reports";
    static final String BILLED_MS = "billedMs";
    static final String DURATION_MS = "durationMs";
    static final String COLD_STARTS = "coldStarts";
    static final String LAST_SEEN = "lastSeen";
    /** Result column of the memory size, text logs (bytes). */
    static final String TEXT_MEMORY_SIZE = "@memorySize";
    /** Result column of the memory size, JSON logs (MB). */
    static final String JSON_MEMORY_SIZE = "record.metrics.memorySizeMB";
    /** What a missing status, error type or stream function reads as (grouping by a missing field is avoided). */
    static final String NONE = "-";

    private static final String STREAM_FUNCTION =
            "| parse @logStream /^\\d{4}\\/\\d{2}\\/\\d{2}\\/(?<streamFunction>[^\\[]+)\\[/\n";

    static final String TEXT = """
            filter @type = "REPORT"
            | parse @message /Status: (?<reportStatus>\\w+)/
            | parse @message /Error Type: (?<reportErrorType>[\\w.]+)/
            """ + STREAM_FUNCTION + """
            | fields coalesce(reportStatus, "-") as outcome, coalesce(reportErrorType, "-") as failure, \
            coalesce(streamFunction, "-") as writer
            | stats max(@maxMemoryUsed) as maxMemoryUsed, count(*) as reports, sum(@billedDuration) as billedMs, \
            sum(@duration) as durationMs, count(@initDuration) as coldStarts, max(@timestamp) as lastSeen \
            by bin(1d), @log, writer, @memorySize, outcome, failure""";

    static final String JSON = """
            filter type = "platform.report"
            """ + STREAM_FUNCTION + """
            | fields coalesce(record.status, "-") as outcome, coalesce(record.errorType, "-") as failure, \
            coalesce(streamFunction, "-") as writer
            | stats max(record.metrics.maxMemoryUsedMB) as maxMemoryUsed, count(*) as reports, \
            sum(record.metrics.billedDurationMs) as billedMs, sum(record.metrics.durationMs) as durationMs, \
            count(record.metrics.initDurationMs) as coldStarts, max(@timestamp) as lastSeen \
            by bin(1d), @log, writer, record.metrics.memorySizeMB, outcome, failure""";

    private UsageQueryText() {
    }

    static String of(LogFormat format) {
        return format == LogFormat.JSON ? JSON : TEXT;
    }
}
