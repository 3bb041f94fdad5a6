package io.rightsizer.extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a Telemetry API batch (a JSON array of {@code {"time","type","record"}}) and keeps only {@code platform.report}. */
final class TelemetryParser {

    /** What one batch held: sizable reports, and the request ids whose report arrived (sizable or not). */
    record Batch(List<Report> reports, List<String> reportedRequestIds) {
    }

    private final Counters counters;

    TelemetryParser(Counters counters) {
        this.counters = counters;
    }

    /** Never throws: anything unreadable is counted as malformed and skipped. */
    Batch parse(String body) {
        List<Report> reports = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        Object root;
        try {
            root = Json.parse(body);
        } catch (Json.MalformedJsonException e) {
            counters.malformed.incrementAndGet();
            Log.once("malformed-batch", "malformed telemetry batch skipped (" + e.getMessage() + "); further ones are only counted");
            return new Batch(reports, reported);
        }
        if (!(root instanceof List<?> events)) {
            counters.malformed.incrementAndGet();
            Log.once("malformed-batch-shape", "telemetry batch is not a JSON array; skipped, further ones are only counted");
            return new Batch(reports, reported);
        }
        for (Object event : events) {
            readEvent(event, reports, reported);
        }
        return new Batch(reports, reported);
    }

    private void readEvent(Object event, List<Report> reports, List<String> reported) {
        if (!(event instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)) {
            malformedRecord("telemetry event without a type");
            return;
        }
        if (!"platform.report".equals(type)) {
            counters.skipped(type);
            return;
        }
        if (!(map.get("record") instanceof Map<?, ?> record)
                || !(record.get("requestId") instanceof String requestId) || requestId.isEmpty()
                || !(record.get("metrics") instanceof Map<?, ?> metrics)) {
            malformedRecord("platform.report without requestId or metrics");
            return;
        }
        reported.add(requestId);
        Object maxUsed = metrics.get("maxMemoryUsedMB");
        Object size = metrics.get("memorySizeMB");
        if (maxUsed == null && size == null) {
            // Lambda Managed Instances report duration only: nothing to size from.
            counters.skippedNoMemory.incrementAndGet();
            return;
        }
        if (!(maxUsed instanceof Number used) || !(size instanceof Number memory) || memory.longValue() <= 0
                || used.longValue() < 0 || used.longValue() > Integer.MAX_VALUE || memory.longValue() > Integer.MAX_VALUE
                || !(metrics.get("durationMs") instanceof Number duration) || !(duration.doubleValue() >= 0)
                || metrics.get("billedDurationMs") instanceof Number b && b.longValue() < 0) {
            // Ingest rejects a whole record over one such report, so it is stopped here.
            malformedRecord("platform.report with unusable metrics");
            return;
        }
        reports.add(new Report(
                text(map.get("time")),
                requestId,
                text(record.get("status")),
                text(record.get("errorType")),
                duration.doubleValue(),
                // The stream format requires a billed duration (ingest sums it); without one, Lambda bills at least
                // the duration rounded up to the millisecond.
                metrics.get("billedDurationMs") instanceof Number billed ? billed.longValue()
                        : (long) Math.ceil(duration.doubleValue()),
                memory.longValue(),
                used.longValue(),
                decimal(metrics.get("initDurationMs")),
                decimal(metrics.get("restoreDurationMs"))));
    }

    private void malformedRecord(String why) {
        counters.malformed.incrementAndGet();
        Log.once("malformed-record", "malformed telemetry record skipped (" + why + "); further ones are only counted");
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }

    private static Double decimal(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
