package io.rightsizer.testing.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields Logs Insights gives one log event: the system fields ({@code @timestamp}, {@code @message},
 * {@code @logStream}, {@code @log}, {@code @ingestionTime}), the fields it discovers in Lambda's text lines
 * ({@code @type}, {@code @requestId}, {@code @duration}, {@code @billedDuration}, {@code @memorySize},
 * {@code @maxMemoryUsed}, {@code @initDuration}; memory in bytes, 1 MB = 1,000,000 bytes, as the service reports it)
 * and the flattened keys of a JSON message ({@code record.metrics.maxMemoryUsedMB}).
 */
final class EventFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABELLED = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]*):\\s*(\\S+)");
    private static final Pattern REQUEST_ID = Pattern.compile("RequestId: (\\S+)");
    private static final double BYTES_PER_MB = 1_000_000;

    private EventFields() {
    }

    static Map<String, Object> of(String account, String logGroup, String logStream, long timestamp, long ingestion,
                                  String message) {
        Map<String, Object> f = new HashMap<>();
        f.put("@timestamp", new Timestamp(timestamp));
        f.put("@ingestionTime", new Timestamp(ingestion));
        f.put("@message", message);
        f.put("@logStream", logStream);
        f.put("@log", account + ":" + logGroup);
        String trimmed = message.stripLeading();
        if (trimmed.startsWith("REPORT RequestId:")) {
            report(trimmed, f);
        } else if (trimmed.startsWith("START RequestId:")) {
            f.put("@type", "START");
            requestId(trimmed, f);
        } else if (trimmed.startsWith("END RequestId:")) {
            f.put("@type", "END");
            requestId(trimmed, f);
        } else if (trimmed.startsWith("{")) {
            json(trimmed, f);
        }
        return f;
    }

    private static void requestId(String line, Map<String, Object> f) {
        Matcher m = REQUEST_ID.matcher(line);
        if (m.find()) {
            f.put("@requestId", m.group(1));
        }
    }

    private static void report(String line, Map<String, Object> f) {
        f.put("@type", "REPORT");
        requestId(line, f);
        for (String part : line.split("\t")) {
            Matcher m = LABELLED.matcher(part);
            if (!m.find()) {
                continue;
            }
            String value = m.group(2);
            switch (m.group(1).trim()) {
                case "Duration" -> f.put("@duration", number(value));
                case "Billed Duration" -> f.put("@billedDuration", number(value));
                case "Memory Size" -> f.put("@memorySize", number(value) * BYTES_PER_MB);
                case "Max Memory Used" -> f.put("@maxMemoryUsed", number(value) * BYTES_PER_MB);
                case "Init Duration" -> f.put("@initDuration", number(value));
                case "XRAY TraceId" -> f.put("@xrayTraceId", value);
                case "SegmentId" -> f.put("@xraySegmentId", value);
                default -> {
                    // Status, Error Type, Restore Duration: not discovered; a query parses them from @message.
                }
            }
        }
    }

    private static double number(String text) {
        return Double.parseDouble(text);
    }

    private static void json(String text, Map<String, Object> f) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (node != null && node.isObject()) {
            flatten("", node, f);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> f) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(name + ".", v, f);
            } else if (v.isNumber()) {
                f.put(name, v.asDouble());
            } else if (v.isTextual()) {
                f.put(name, v.asText());
            } else if (v.isBoolean()) {
                f.put(name, v.asBoolean() ? 1.0 : 0.0);
            } else if (!v.isNull()) {
                f.put(name, v.toString());
            }
        }
    }

    /** A point in time, in epoch milliseconds: printed the way Logs Insights prints timestamps. */
    record Timestamp(long millis) implements Comparable<Timestamp> {

        @Override
        public int compareTo(Timestamp o) {
            return Long.compare(millis, o.millis);
        }

        @Override
        public String toString() {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(millis));
        }
    }
}
