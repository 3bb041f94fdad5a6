package io.rightsizer.testing.insights;

import java.time.Instant;
import java.util.Locale;

/**
 * Lambda's log lines as it writes them to CloudWatch Logs, for seeding the local Logs Insights: text
 * {@code START}/{@code END}/{@code REPORT} lines and JSON-format {@code platform.*} records, and the stream names of
 * default and custom log groups.
 */
public final class ReportLines {

    private ReportLines() {
    }

    /**
     * One invocation's report.
     *
     * @param initMs    the init duration of a cold start, or {@code null}
     * @param status    {@code error}, {@code timeout}, ... for a failed invocation, or {@code null}
     * @param errorType for example {@code Runtime.OutOfMemory}, or {@code null}
     */
    public record Report(String requestId, double durationMs, long billedMs, int memoryMb, int maxUsedMb, Double initMs,
                         String status, String errorType) {
    }

    public static String start(String requestId) {
        return "START RequestId: " + requestId + " Version: $LATEST";
    }

    public static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /** The text {@code REPORT} line, tab-separated with Lambda's trailing tab. */
    public static String text(Report r) {
        StringBuilder b = new StringBuilder("REPORT RequestId: ").append(r.requestId())
                .append("\tDuration: ").append(ms(r.durationMs())).append(" ms")
                .append("\tBilled Duration: ").append(r.billedMs()).append(" ms")
                .append("\tMemory Size: ").append(r.memoryMb()).append(" MB")
                .append("\tMax Memory Used: ").append(r.maxUsedMb()).append(" MB");
        if (r.initMs() != null) {
            b.append("\tInit Duration: ").append(ms(r.initMs())).append(" ms");
        }
        if (r.status() != null) {
            b.append("\tStatus: ").append(r.status());
        }
        if (r.errorType() != null) {
            b.append("\tError Type: ").append(r.errorType());
        }
        return b.append('\t').toString();
    }

    /** The JSON-format {@code platform.start} record. */
    public static String jsonStart(Instant time, String requestId) {
        return "{\"time\":\"" + time + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"" + requestId
                + "\",\"version\":\"$LATEST\"}}";
    }

    /** The JSON-format {@code platform.report} record. */
    public static String json(Instant time, Report r) {
        StringBuilder metrics = new StringBuilder("{\"durationMs\":").append(ms(r.durationMs()))
                .append(",\"billedDurationMs\":").append(r.billedMs())
                .append(",\"memorySizeMB\":").append(r.memoryMb())
                .append(",\"maxMemoryUsedMB\":").append(r.maxUsedMb());
        if (r.initMs() != null) {
            metrics.append(",\"initDurationMs\":").append(ms(r.initMs()));
        }
        metrics.append('}');
        return "{\"time\":\"" + time + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + r.requestId()
                + "\",\"status\":\"" + (r.status() == null ? "success" : r.status()) + "\""
                + (r.errorType() == null ? "" : ",\"errorType\":\"" + r.errorType() + "\"")
                + ",\"metrics\":" + metrics + "}}";
    }

    /** A Lambda Managed Instances report: no memory figures. */
    public static String managedInstancesJson(Instant time, String requestId, double durationMs) {
        return "{\"time\":\"" + time + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + requestId
                + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":" + ms(durationMs) + "}}}";
    }

    /** A stream of a function's default log group: {@code 2026/11/02/[$LATEST]<id>}. */
    public static String defaultStream(Instant day, String id) {
        return date(day) + "/[$LATEST]" + id;
    }

    /** A stream of a custom log group, which names the function: {@code 2026/11/02/orders[$LATEST]<id>}. */
    public static String customStream(Instant day, String function, String id) {
        return date(day) + "/" + function + "[$LATEST]" + id;
    }

    private static String date(Instant day) {
        return day.toString().substring(0, 10).replace('-', '/');
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
