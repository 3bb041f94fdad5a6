package io.rightsizer.domain.scan;

import java.util.Locale;

/** How a function writes its system logs to CloudWatch Logs ({@code LoggingConfig.LogFormat}). */
public enum LogFormat {
    /** Plain text: one {@code REPORT RequestId: ...} line per invocation. */
    TEXT,
    /** Structured JSON: one {@code {"type":"platform.report",...}} record per invocation. */
    JSON;

    /** Parses the Lambda API's {@code Text} or {@code JSON}, in any case; absent means {@code Text}, Lambda's default. */
    public static LogFormat parse(String text) {
        if (text == null || text.isBlank()) {
            return TEXT;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "TEXT" -> TEXT;
            case "JSON" -> JSON;
            default -> throw new IllegalArgumentException("unknown log format '" + text + "' (expected Text or JSON)");
        };
    }
}
