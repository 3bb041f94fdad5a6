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

    private static void readMetrics(JsonParser p, ReportFields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                if (isMetric(name) && f.badValue == null) {
                    f.badValue = "metric " + name + " is not a number";
                }
                continue;
            }
            double v;
            if (t == JsonToken.VALUE_STRING) {
                try {
                    v = Double.parseDouble(p.getText().trim());
                } catch (NumberFormatException e) {
                    if (isMetric(name) && f.badValue == null) {
                        f.badValue = "metric " + name + " is not a number";
                    }
                    continue;
                }
            } else {
                v = p.getDoubleValue();
            }
            switch (name) {
                case "durationMs":
                    f.durationMs = v;
                    f.hasDuration = true;
                    break;
                case "billedDurationMs":
                    f.billedDurationMs = Math.round(v);
                    f.hasBilled = true;
                    break;
                case "memorySizeMB":
                    f.memorySizeMb = (int) Math.min(Integer.MAX_VALUE, Math.round(v));
                    f.hasMemorySize = true;
                    break;
                case "maxMemoryUsedMB":
                    f.maxMemoryUsedMb = (int) Math.min(Integer.MAX_VALUE, Math.round(v));
                    f.hasMaxMemoryUsed = true;
                    break;
                case "initDurationMs":
                    f.initDurationMs = v;
                    f.hasInit = true;
                    break;
                case "restoreDurationMs":
                    f.restoreDurationMs = v;
                    f.hasRestore = true;
                    break;
                default:
                    break;
            }
        }
    }

    private static boolean isMetric(String name) {
        return name.equals("durationMs") || name.equals("billedDurationMs") || name.equals("memorySizeMB")
                || name.equals("maxMemoryUsedMB");
    }
}
