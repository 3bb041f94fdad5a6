package io.rightsizer.logs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Reads the {@code record} of a Telemetry API event into report fields, and names the skip kind of other events. */
final class TelemetryRecords {

    private TelemetryRecords() {
    }

    /** The skip kind of a Telemetry API event type other than {@code platform.report}. */
    static String kind(String type) {
        switch (type) {
            case ParseStats.PLATFORM_INIT_START:
            case ParseStats.PLATFORM_INIT_RUNTIME_DONE:
            case ParseStats.PLATFORM_INIT_REPORT:
            case ParseStats.PLATFORM_START:
            case ParseStats.PLATFORM_RUNTIME_DONE:
            case ParseStats.PLATFORM_RESTORE_START:
            case ParseStats.PLATFORM_RESTORE_RUNTIME_DONE:
            case ParseStats.PLATFORM_RESTORE_REPORT:
            case ParseStats.PLATFORM_LOGS_DROPPED:
                return type;
            case "function":
            case "extension":
                return ParseStats.APPLICATION_OUTPUT;
            default:
                return ParseStats.OTHER_EVENT;
        }
    }

    /** Reads a Telemetry {@code record} object's report fields; other fields are skipped. */
    static void readRecord(JsonParser p, ReportFields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "requestId":
                    f.requestId = UsageDecoder.string(p, t);
                    break;
                case "status":
                    f.status = UsageDecoder.string(p, t);
                    break;
                case "errorType":
                    f.errorType = UsageDecoder.string(p, t);
                    break;
                case "metrics":
                    if (t == JsonToken.START_OBJECT) {
                        readMetrics(p, f);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
                    break;
            }
        }
    }

    /**
     * Reads the metrics a report needs. Lambda writes them as JSON numbers: a string, an object or an array in their
     * place is no figure of Lambda's (a forged or mangled report), so the report is marked bad, not coerced.
     */
    private static void readMetrics(JsonParser p, ReportFields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                p.skipChildren();
                if (isMetric(name)) {
                    f.bad("metric " + name + " is not a number");
                }
                continue;
            }
            double v = p.getDoubleValue();
            switch (name) {
                case "durationMs":
                    f.duration(v);
                    break;
                case "billedDurationMs":
                    f.billed(v, name);
                    break;
                case "memorySizeMB":
                    f.memorySize(v, name);
                    break;
                case "maxMemoryUsedMB":
                    f.maxMemoryUsed(v, name);
                    break;
                case "initDurationMs":
                    f.init(v);
                    break;
                case "restoreDurationMs":
                    f.restore(v);
                    break;
                default:
                    break;
            }
        }
    }

    private static boolean isMetric(String name) {
        return name.equals("durationMs") || name.equals("billedDurationMs") || name.equals("memorySizeMB")
                || name.equals("maxMemoryUsedMB") || name.equals("initDurationMs") || name.equals("restoreDurationMs");
    }
}
