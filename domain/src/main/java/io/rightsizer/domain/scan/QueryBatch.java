package io.rightsizer.domain.scan;

import java.util.List;
import java.util.Objects;

/**
 * Log groups read by one query, with what reading them is expected to scan.
 *
 * @param format         the format of the reports the query reads
 * @param logGroups      the log groups, at most {@link ReportQueries#MAX_LOG_GROUPS}
 * @param estimatedBytes what the query is expected to scan
 */
public record QueryBatch(LogFormat format, List<String> logGroups, long estimatedBytes) {

    public QueryBatch {
        Objects.requireNonNull(format, "format");
        logGroups = List.copyOf(logGroups);
        if (logGroups.isEmpty() || logGroups.size() > ReportQueries.MAX_LOG_GROUPS) {
            throw new IllegalArgumentException("a batch holds 1 to " + ReportQueries.MAX_LOG_GROUPS + " log groups");
        }
        if (estimatedBytes < 0) {
            throw new IllegalArgumentException("estimatedBytes must not be negative");
        }
    }

    /** The two halves of this batch (to retry without a log group that vanished, or with fewer result rows). */
    public List<QueryBatch> split() {
        if (logGroups.size() < 2) {
            throw new IllegalStateException("a batch of one log group cannot be split");
        }
        int half = logGroups.size() / 2;
        long firstBytes = estimatedBytes * half / logGroups.size();
        return List.of(new QueryBatch(format, logGroups.subList(0, half), firstBytes),
                new QueryBatch(format, logGroups.subList(half, logGroups.size()), estimatedBytes - firstBytes));
    }
}
