package io.rightsizer.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.rightsizer.domain.usage.InvocationUsage;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The strict engine behind {@link SubscriptionPayloadParser} (the ingest function's reader): turns the log events
 * of a CloudWatch Logs subscription payload, and the JSON values inside them, into usage records or skip counts.
 * {@code rightsizer analyze} reads leniently with {@link UsageParser} instead.
 *
 * <p>JSON is read with Jackson's streaming parser, one small object at a time, so a large array or a large
 * {@code events} list is never held whole.
 */
final class UsageDecoder {

    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private static final String PLATFORM_REPORT = "platform.report";
    private static final int MAX_DEPTH = 8;
    /** Log events held back while a payload has not yet said whose they are (CloudWatch names the group first). */
    private static final int MAX_HELD_EVENTS = 10_000;
    private static final byte[] START = ReportLineScanner.ascii("START");
    private static final byte[] END = ReportLineScanner.ascii("END");
    private static final byte[] REQUEST_ID = ReportLineScanner.ascii("RequestId:");
    private static final byte[] INIT_START = ReportLineScanner.ascii("INIT_START");
    private static final byte[] INIT_REPORT = ReportLineScanner.ascii("INIT_REPORT");
    private static final byte[] RESTORE_START = ReportLineScanner.ascii("RESTORE_START");
    private static final byte[] RESTORE_REPORT = ReportLineScanner.ascii("RESTORE_REPORT");
    private static final byte[] EXTENSION = ReportLineScanner.ascii("EXTENSION");
    private static final byte[] TELEMETRY = ReportLineScanner.ascii("TELEMETRY");
    private static final byte[] GZIP_BASE64 = ReportLineScanner.ascii("H4sI");

    private final String defaultFunction;
    private final UsageSink sink;
    private final ParseStats stats;
    private final ReportLineScanner scanner = new ReportLineScanner();
    private final ReportFields messageFields = new ReportFields();
    private final byte[] timeScratch = new byte[40];
    /** While reading JSON nested in a string (a message, a base64 payload), the outer line errors point at. */
    private long nestedLine;

    UsageDecoder(ParseOptions options, UsageSink sink, ParseStats stats) {
        this.defaultFunction = options == null ? null : options.defaultFunction();
        this.sink = sink;
        this.stats = stats;
    }

    /**
     * Hands a finished report to the sink, or counts it as skipped; returns {@code null} when done, or what was
     * wrong with it (the caller records it as malformed with its own excerpt).
     */
    String emit(ReportFields f, String function, Instant time) {
        if (!f.complete()) {
            if (f.managedInstances()) {
                stats.count(ParseStats.MANAGED_INSTANCES_REPORT);
                return null;
            }
            return f.problem();
        }
        String owner = function != null ? function : defaultFunction;
        if (owner == null) {
            stats.count(ParseStats.NO_FUNCTION);
            return null;
        }
        InvocationUsage usage;
        try {
            usage = f.toUsage(owner, time);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        stats.countReport();
        sink.accept(usage);
        return null;
    }

    // ---------------------------------------------------------------- text

    /** The skip kind of a line Lambda writes itself (START, END, INIT_START…), or {@code null}. */
    static String platformLineKind(byte[] b, int s, int e) {
        if (s >= e) {
            return null;
        }
        switch (b[s]) {
            case 'S':
                return keywordWithRequestId(b, s, e, START) ? ParseStats.START : null;
            case 'E':
                if (keywordWithRequestId(b, s, e, END)) {
                    return ParseStats.END;
                }
                return keyword(b, s, e, EXTENSION) ? ParseStats.EXTENSION_LINE : null;
            case 'I':
                if (keyword(b, s, e, INIT_START)) {
                    return ParseStats.INIT_START;
                }
                return keyword(b, s, e, INIT_REPORT) ? ParseStats.INIT_REPORT : null;
            case 'R':
                if (keyword(b, s, e, RESTORE_START)) {
                    return ParseStats.RESTORE_START;
                }
                return keyword(b, s, e, RESTORE_REPORT) ? ParseStats.RESTORE_REPORT : null;
            case 'T':
                return keyword(b, s, e, TELEMETRY) ? ParseStats.EXTENSION_LINE : null;
            default:
                return null;
        }
    }

    private static boolean keyword(byte[] b, int s, int e, byte[] word) {
        return ReportLineScanner.startsWith(b, s, e, word)
                && (s + word.length == e || ReportLineScanner.isSpace(b[s + word.length]));
    }

    private static boolean keywordWithRequestId(byte[] b, int s, int e, byte[] word) {
        if (!keyword(b, s, e, word)) {
            return false;
        }
        int p = ReportLineScanner.skipSpace(b, s + word.length, e);
        return ReportLineScanner.startsWith(b, p, e, REQUEST_ID);
    }

    /** Whether {@code b[s..e)} opens a JSON object or array (and is not, say, a {@code [INFO]} log line). */
    static boolean looksLikeJson(byte[] b, int s, int e) {
        if (s >= e || (b[s] != '{' && b[s] != '[')) {
            return false;
        }
        int p = ReportLineScanner.skipSpace(b, s + 1, e);
        if (p >= e) {
            return true;
        }
        byte c = b[p];
        return b[s] == '{' ? c == '"' || c == '}' : c == '{' || c == '[' || c == ']';
    }

    /** Whether {@code b[s..e)} starts like a base64-encoded gzip stream (a Kinesis record's data as text). */
    static boolean looksLikeBase64Gzip(byte[] b, int s, int e) {
        return ReportLineScanner.startsWith(b, s, e, GZIP_BASE64);
    }

    /** One whole log message (a log event's {@code message}): its embedded newlines belong to it. */
    void message(String message, Instant time, String function, long line) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        int s = ReportLineScanner.skipSpace(b, 0, b.length);
        int e = b.length;
        while (e > s && ReportLineScanner.isSpace(b[e - 1])) {
            e--;
        }
        if (s >= e) {
            stats.count(ParseStats.APPLICATION_OUTPUT);
            return;
        }
        if (ReportLineScanner.isReport(b, s, e)) {
            messageFields.reset();
            scanner.scan(b, s, e, messageFields);
            String problem = emit(messageFields, function, time);
            if (problem != null) {
                stats.malformed(line, problem, message);
            }
            return;
        }
        if (looksLikeJson(b, s, e)) {
            long outer = nestedLine;
            nestedLine = line;
            try (JsonParser p = JSON.createParser(message)) {
                values(p, function, time);
            } catch (JsonProcessingException notJson) {
                // Applications log text that merely starts with a brace; a broken report is still reported.
                if (mentionsReport(b, s, e)) {
                    stats.malformed(line, "invalid JSON: " + notJson.getOriginalMessage(), message);
                } else {
                    stats.count(ParseStats.APPLICATION_OUTPUT);
                }
            } finally {
                nestedLine = outer;
            }
            return;
        }
        String kind = platformLineKind(b, s, e);
        if (kind != null) {
            stats.count(kind);
            return;
        }
        if (looksLikeBase64Gzip(b, s, e)) {
            base64Payload(b, s, e, function, line);
            return;
        }
        stats.count(ParseStats.APPLICATION_OUTPUT);
    }

    /** A base64 text of a gzip subscription payload (one line of a text input). */
    void base64Payload(byte[] b, int s, int e, String function, long line) throws IOException {
        byte[] raw;
        try {
            byte[] text = new byte[e - s];
            System.arraycopy(b, s, text, 0, e - s);
            raw = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            stats.count(ParseStats.APPLICATION_OUTPUT);
            return;
        }
        payload(raw, function, line);
    }

    /** A decoded subscription payload (gzip or plain JSON bytes) met inside another input. */
    private void payload(byte[] raw, String function, long line) throws IOException {
        long outer = nestedLine;
        nestedLine = Math.max(1, line);
        try (InputStream in = open(raw); JsonParser p = JSON.createParser(in)) {
            values(p, function, null);
        } catch (JsonProcessingException | ZipException | EOFException ex) {
            stats.malformed(line, "unreadable subscription payload: " + ex.getMessage(), "");
        } finally {
            nestedLine = outer;
        }
    }

    private static final byte[] REPORT_TYPE = ReportLineScanner.ascii("\"platform.report\"");

    /** Whether broken JSON text names a {@code platform.report} (then losing it is worth an error). */
    private static boolean mentionsReport(byte[] b, int s, int e) {
        for (int i = s; i + REPORT_TYPE.length <= e; i++) {
            if (b[i] == '"' && ReportLineScanner.startsWith(b, i, e, REPORT_TYPE)) {
                return true;
            }
        }
        return false;
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static InputStream open(byte[] data) throws IOException {
        InputStream in = new ByteArrayInputStream(data);
        return isGzip(data) ? new GZIPInputStream(in, 8192) : in;
    }

    // ---------------------------------------------------------------- JSON

    /** Reads every value the parser has left. */
    void values(JsonParser p, String function, Instant time) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            value(p, t, function, time, 0);
        }
    }

    private void value(JsonParser p, JsonToken t, String function, Instant time, int depth) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            readObject(p, function, time, depth);
        } else if (t == JsonToken.START_ARRAY) {
            if (depth >= MAX_DEPTH) {
                p.skipChildren();
                stats.count(ParseStats.OTHER_JSON);
                return;
            }
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e == null) {
                    throw new EOFException("input ended inside a JSON array");
                }
                value(p, e, function, time, depth + 1);
            }
        } else {
            stats.count(ParseStats.OTHER_JSON);
        }
    }

    private long lineOf(JsonParser p) {
        return nestedLine > 0 ? nestedLine : p.currentLocation().getLineNr();
    }

    /** What one JSON object turned out to be; the subscription parser checks the shape with it. */
    static final class ObjectInfo {
        String messageType;
        String owner;
        String logGroup;
        String logStream;
        int logEvents;
        boolean hadLogEvents;
        ObjectInfo nested;

        SubscriptionMessage toMessage() {
            return new SubscriptionMessage(messageType, owner, logGroup, logStream, logEvents);
        }
    }

    /**
     * Reads one object (the parser is on its {@code START_OBJECT}) and acts on what it is: a Telemetry event,
     * a subscription payload, a base64 {@code awslogs} event, {@code get/filter-log-events} output or one log event.
     */
    ObjectInfo readObject(JsonParser p, String inheritedFunction, Instant inheritedTime, int depth)
            throws IOException {
        long line = lineOf(p);
        ObjectInfo info = new ObjectInfo();
        String type = null;
        Instant time = null;
        boolean timeSeen = false;
        String functionName = null;
        String message = null;
        Instant timestamp = null;
        ReportFields record = null;
        boolean recordSeen = false;
        boolean events = false;
        List<HeldEvent> held = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "type":
                    type = string(p, t);
                    break;
                case "time":
                    timeSeen = true;
                    time = time(p, t);
                    break;
                case "record":
                    recordSeen = true;
                    if (t == JsonToken.START_OBJECT) {
                        record = new ReportFields();
                        TelemetryRecords.readRecord(p, record);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "messageType":
                    info.messageType = string(p, t);
                    break;
                case "owner":
                    info.owner = string(p, t);
                    break;
                case "logGroup":
                case "logGroupName":
                case "logGroupIdentifier":
                    info.logGroup = string(p, t);
                    break;
                case "logStream":
                    info.logStream = string(p, t);
                    break;
                case "functionName":
                    functionName = string(p, t);
                    break;
                case "message":
                    message = string(p, t);
                    break;
                case "timestamp":
                    timestamp = timestamp(p, t);
                    break;
                case "logEvents":
                case "events":
                    if (t != JsonToken.START_ARRAY) {
                        p.skipChildren();
                        break;
                    }
                    events = true;
                    info.hadLogEvents = true;
                    if (SubscriptionMessage.CONTROL_MESSAGE.equals(info.messageType)) {
                        info.logEvents += skipArray(p);
                    } else if (functionName == null && info.logGroup == null && info.messageType == null
                            && name.equals("logEvents")) {
                        held = new ArrayList<>();
                        info.logEvents += readLogEvents(p, inheritedFunction, held, depth);
                    } else {
                        info.logEvents += readLogEvents(p,
                                identity(functionName, info.logGroup, inheritedFunction), null, depth);
                    }
                    break;
                case "awslogs":
                    if (t == JsonToken.START_OBJECT && depth < MAX_DEPTH) {
                        info.nested = readAwslogs(p, inheritedFunction, line);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
                    break;
            }
        }
        String function = identity(functionName, info.logGroup, inheritedFunction);
        if (type != null && (recordSeen || timeSeen)) {
            telemetry(type, record, time, function, timestamp != null ? timestamp : inheritedTime, line);
        } else if (info.messageType != null || events || info.nested != null) {
            if (SubscriptionMessage.CONTROL_MESSAGE.equals(info.messageType)) {
                stats.count(ParseStats.CONTROL_MESSAGE);
            } else if (held != null) {
                for (HeldEvent event : held) {
                    message(event.message(), event.time(), function, event.line());
                }
            }
        } else if (message != null) {
            message(message, timestamp != null ? timestamp : inheritedTime, function, line);
        } else {
            stats.count(ParseStats.OTHER_JSON);
        }
        return info;
    }

    private static String identity(String functionName, String logGroup, String inherited) {
        if (functionName != null && !functionName.isBlank()) {
            return functionName.trim();
        }
        String fromGroup = LogGroups.functionName(logGroup);
        return fromGroup != null ? fromGroup : inherited;
    }

    /** Reads a log-events array; events go to {@code held} (while the owner is unknown) or are handled at once. */
    private int readLogEvents(JsonParser p, String function, List<HeldEvent> held, int depth) throws IOException {
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new EOFException("input ended inside a log events array");
            }
            n++;
            if (held != null && held.size() < MAX_HELD_EVENTS && t == JsonToken.START_OBJECT) {
                long line = lineOf(p);
                Instant timestamp = null;
                String message = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("message")) {
                        message = string(p, v);
                    } else if (name.equals("timestamp")) {
                        timestamp = timestamp(p, v);
                    } else {
                        p.skipChildren();
                    }
                }
                if (message == null) {
                    stats.count(ParseStats.OTHER_JSON);
                } else {
                    held.add(new HeldEvent(timestamp, message, line));
                }
            } else if (t == JsonToken.START_OBJECT) {
                readObject(p, function, null, depth + 1);
            } else {
                p.skipChildren();
                stats.count(ParseStats.OTHER_JSON);
            }
        }
        return n;
    }

    /** A log event read before its payload named its function. */
    private record HeldEvent(Instant time, String message, long line) {
    }

    private static int skipArray(JsonParser p) throws IOException {
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new EOFException("input ended inside a log events array");
            }
            n++;
            p.skipChildren();
        }
        return n;
    }

    /** Reads {@code {"data":"<base64 gzip>"}} and the payload inside it. */
    private ObjectInfo readAwslogs(JsonParser p, String function, long line) throws IOException {
        String data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("data") && t == JsonToken.VALUE_STRING) {
                data = p.getText();
            } else {
                p.skipChildren();
            }
        }
        ObjectInfo nested = new ObjectInfo();
        if (data == null) {
            stats.malformed(line, "awslogs event without a data string", "");
            return nested;
        }
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            stats.malformed(line, "awslogs data is not base64: " + e.getMessage(), data);
            return nested;
        }
        long outer = nestedLine;
        nestedLine = Math.max(1, line);
        try (InputStream in = open(raw); JsonParser inner = JSON.createParser(in)) {
            JsonToken t = inner.nextToken();
            if (t == JsonToken.START_OBJECT) {
                nested = readObject(inner, function, null, MAX_DEPTH);
            } else if (t != null) {
                inner.skipChildren();
                stats.malformed(line, "awslogs data is not a subscription payload object", "");
            }
        } catch (JsonProcessingException | ZipException | EOFException e) {
            stats.malformed(line, "unreadable awslogs data: " + e.getMessage(), "");
        } finally {
            nestedLine = outer;
        }
        return nested;
    }

    private void telemetry(String type, ReportFields record, Instant time, String function, Instant fallback,
            long line) {
        if (!PLATFORM_REPORT.equals(type)) {
            stats.count(TelemetryRecords.kind(type));
            return;
        }
        if (record == null) {
            stats.malformed(line, "platform.report without a record object", "");
            return;
        }
        String problem = emit(record, function, time != null ? time : fallback);
        if (problem != null) {
            stats.malformed(line, "platform.report " + problem,
                    record.requestId == null ? "" : "requestId " + record.requestId);
        }
    }

    static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Reads a {@code time} string without building a String first (one per Telemetry event adds up). */
    private Instant time(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        return Timestamps.parse(p, timeScratch);
    }

    private static Instant timestamp(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double ms = p.getDoubleValue();
            // Out-of-range numbers are garbage, not a reason to stop reading.
            return Math.abs(ms) < 1e15 ? Instant.ofEpochMilli((long) ms) : null;
        }
        if (t == JsonToken.VALUE_STRING) {
            return Timestamps.parse(p.getText());
        }
        p.skipChildren();
        return null;
    }
}
