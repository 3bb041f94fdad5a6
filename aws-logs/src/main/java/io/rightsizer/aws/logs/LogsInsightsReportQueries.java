package io.rightsizer.aws.logs;

import io.rightsizer.domain.scan.LogFormat;
import io.rightsizer.domain.scan.LogGroupNotFoundException;
import io.rightsizer.domain.scan.QueryLimitExceededException;
import io.rightsizer.domain.scan.QueryProgress;
import io.rightsizer.domain.scan.QueryStatus;
import io.rightsizer.domain.scan.ReportQueries;
import io.rightsizer.domain.scan.ReportQuery;
import io.rightsizer.domain.scan.UsageRow;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReportQueries} on CloudWatch Logs Insights: {@code StartQuery} with the {@link UsageQueryText} of the batch's
 * format over its log groups, {@code GetQueryResults} until the query is final, {@code StopQuery}. Throttled calls
 * are retried by the SDK client; the account's query concurrency limit and missing log groups are reported to the
 * caller, which decides.
 */
public final class LogsInsightsReportQueries implements ReportQueries {

    private final CloudWatchLogsClient logs;
    private final Map<String, LogFormat> formats = new ConcurrentHashMap<>();

    public LogsInsightsReportQueries(CloudWatchLogsClient logs) {
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    @Override
    public String start(ReportQuery query) {
        try {
            String id = logs.startQuery(b -> b
                    .logGroupNames(query.logGroups())
                    .startTime(query.from().getEpochSecond())
                    .endTime(query.to().getEpochSecond())
                    .queryString(UsageQueryText.of(query.format()))
                    // Ask for every row the service returns: fewer would cut a result that fits.
                    .limit(MAX_ROWS)).queryId();
            formats.put(id, query.format());
            return id;
        } catch (LimitExceededException e) {
            throw new QueryLimitExceededException(message(e), e);
        } catch (ResourceNotFoundException e) {
            throw new LogGroupNotFoundException(message(e), e);
        }
    }

    @Override
    public QueryProgress poll(String queryId) {
        LogFormat format = formats.getOrDefault(queryId, LogFormat.TEXT);
        GetQueryResultsResponse r = logs.getQueryResults(b -> b.queryId(queryId));
        QueryStatus status = status(r.statusAsString());
        long bytes = r.statistics() == null || r.statistics().bytesScanned() == null ? 0
                : Math.round(r.statistics().bytesScanned());
        List<UsageRow> rows = new ArrayList<>();
        long withoutMemory = 0;
        int resultRows = 0;
        if (status == QueryStatus.COMPLETE && r.hasResults()) {
            for (List<ResultField> fields : r.results()) {
                resultRows++;
                UsageRow row = UsageResultRows.read(fields, format);
                if (row == null) {
                    withoutMemory += UsageResultRows.reports(fields);
                } else {
                    rows.add(row);
                }
            }
        }
        if (status.isFinal()) {
            formats.remove(queryId);
        }
        return new QueryProgress(status, rows, resultRows, withoutMemory, bytes);
    }

    @Override
    public void stop(String queryId) {
        try {
            logs.stopQuery(b -> b.queryId(queryId));
        } catch (InvalidParameterException | ResourceNotFoundException e) {
            // It ended (or expired) by itself meanwhile: nothing left to stop.
        }
    }

    private static QueryStatus status(String status) {
        if (status == null) {
            return QueryStatus.UNKNOWN;
        }
        return switch (status) {
            case "Scheduled" -> QueryStatus.SCHEDULED;
            case "Running" -> QueryStatus.RUNNING;
            case "Complete" -> QueryStatus.COMPLETE;
            case "Failed" -> QueryStatus.FAILED;
            case "Cancelled" -> QueryStatus.CANCELLED;
            case "Timeout" -> QueryStatus.TIMEOUT;
            default -> QueryStatus.UNKNOWN;
        };
    }

    private static String message(software.amazon.awssdk.awscore.exception.AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }
}
