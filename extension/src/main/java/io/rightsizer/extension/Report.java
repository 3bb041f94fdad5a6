package io.rightsizer.extension;

import java.math.BigDecimal;

/** One invocation's {@code platform.report}, reduced to what sizing needs. */
record Report(String time, String requestId, String status, String errorType, double durationMs,
              long billedDurationMs, long memorySizeMb, long maxMemoryUsedMb, Double initDurationMs,
              Double restoreDurationMs) {

    Report {
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("requestId is required");
        }
        if (memorySizeMb <= 0 || maxMemoryUsedMb < 0 || billedDurationMs < 0) {
            throw new IllegalArgumentException("memory figures out of range");
        }
    }

    /** The report object of the stream record format. */
    String toJson() {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"time\":");
        Json.writeString(sb, time);
        sb.append(",\"requestId\":");
        Json.writeString(sb, requestId);
        sb.append(",\"status\":");
        Json.writeString(sb, status);
        sb.append(",\"errorType\":");
        Json.writeString(sb, errorType);
        sb.append(",\"durationMs\":").append(decimal(durationMs));
        sb.append(",\"billedDurationMs\":").append(billedDurationMs);
        sb.append(",\"memorySizeMb\":").append(memorySizeMb);
        sb.append(",\"maxMemoryUsedMb\":").append(maxMemoryUsedMb);
        sb.append(",\"initDurationMs\":").append(initDurationMs == null ? "null" : decimal(initDurationMs));
        sb.append(",\"restoreDurationMs\":").append(restoreDurationMs == null ? "null" : decimal(restoreDurationMs));
        return sb.append('}').toString();
    }

    private static String decimal(double d) {
        // Plain notation: Double.toString would write 1.0E7.
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
