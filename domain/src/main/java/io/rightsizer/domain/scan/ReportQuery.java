package io.rightsizer.domain.scan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One usage query: the reports of up to {@link ReportQueries#MAX_LOG_GROUPS} log groups written in one format over a
 * time range, aggregated per log group, function, UTC day, memory size and outcome.
 *
 * @param logGroups the log groups to read
 * @param format    the format of the reports to read
 * @param from      the start of the range, inclusive
 * @param to        the end of the range, inclusive
 */
public record ReportQuery(List<String> logGroups, LogFormat format, Instant from, Instant to) {

    public ReportQuery {
        logGroups = List.copyOf(logGroups);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (logGroups.isEmpty() || logGroups.size() > ReportQueries.MAX_LOG_GROUPS) {
            throw new IllegalArgumentException("a query reads 1 to " + ReportQueries.MAX_LOG_GROUPS
                    + " log groups, not " + logGroups.size());
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty time range " + from + " .. " + to);
        }
    }
}
