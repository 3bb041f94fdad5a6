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
 * Reads any JSON for reports, whatever its shape: a {@code platform.report} event (or a {@code record} with
 * {@code metrics} and no type), and every string value as a frame of text that may hold a REPORT message, escaped
 * JSON (what log shippers write) or a base64 gzip payload. A report takes the nearest time and function its
 * surroundings give: its own frame, then each enclosing object ({@code time}, {@code @timestamp},
 * {@code timestamp}; {@code functionName}, {@code function_name}, a {@code /aws/lambda/<name>} in {@code logGroup}
 * or {@code @log}), then the text around the JSON. Rows of {@code {"field":…,"value":…}} pairs
 * ({@code aws logs get-query-results}) read like objects.
 *
 * <p>Streams with Jackson: memory grows with nesting, never with the length of an array. Reports whose object has
 * not ended yet are held back (a log group may come after the events), at most {@value #MAX_HELD}.
 */
final class JsonFrames {

    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private static final String PLATFORM_REPORT = "platform.report";
    private static final int MAX_DEPTH = 64;
    /** JSON inside a string inside JSON …: shippers nest once or twice; more is not a log. */
    private static final int MAX_NESTING = 4;
    private static final int MAX_HELD = 10_000;
    private static final int MAX_STRING_FRAME = 1 << 20;

    private final ReportEmitter emitter;
    private final ReportLineScanner scanner = new ReportLineScanner();
    private final ReportText clean = new ReportText();
    private final TimeScan timeScan = new TimeScan();
    private final FrameText.Search search = new FrameText.Search();
    private final ReportFields fields = new ReportFields();
    private final byte[] timeScratch = new byte[40];

    /** Reports read whose enclosing objects have not all ended, in input order. */
    private final List<InvocationUsage> held = new ArrayList<>();
    /** Skip counts and malformed records of the frame being read: they count only if the frame is JSON after all. */
    private final List<Note> notes = new ArrayList<>();
    private int nesting;
    /** Added to the parser's line numbers (the frame's first line in a larger text input, minus one). */
    private long lineBase;
    /** While reading JSON nested in a string, the outer line that errors point at. */
    private long nestedLine;

    JsonFrames(ReportEmitter emitter) {
        this.emitter = emitter;
    }

    /** A skip count ({@code reason == null}) or a malformed record, kept until the frame is known to be JSON. */
    private record Note(String kind, long line, String reason, String excerpt) {
    }

    /** What an object (or the text around a JSON frame) says about where its reports belong. */
    static final class Ctx {
        final Ctx parent;
        Instant time;
        int timeRank = Integer.MAX_VALUE;
        String function;
        int functionRank = Integer.MAX_VALUE;
        /** The first held report that belongs to this object. */
        int mark;

        Ctx(Ctx parent) {
            this.parent = parent;
        }

        void time(Instant t, int rank) {
            if (t != null && rank < timeRank) {
                time = t;
                timeRank = rank;
            }
        }

        void function(String f, int rank) {
            if (f != null && !f.isBlank() && rank < functionRank) {
                function = f;
                functionRank = rank;
            }
        }
    }

    /** The context of a JSON frame found in text: the time and function the text around it names. */
    static Ctx root(Instant time, String function) {
        Ctx c = new Ctx(null);
        c.time(time, 100);
        c.function(function, 100);
        return c;
    }

    // ---------------------------------------------------------------- frames

    /**
     * Reads one JSON frame {@code b[s..e)} found in text at line {@code line}; returns false, and emits and counts
     * nothing, when it is not valid JSON.
     */
    boolean frame(byte[] b, int s, int e, long line, Ctx root) throws IOException {
        long outerBase = lineBase;
        lineBase = line - 1;
        int heldMark = held.size();
        int noteMark = notes.size();
        root.mark = heldMark;
        try (JsonParser p = JSON.createParser(b, s, e - s)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                item(p, t, root, 0);
            }
        } catch (JsonProcessingException | EOFException notJson) {
            truncate(heldMark, noteMark);
            return false;
        } finally {
            lineBase = outerBase;
        }
        resolve(root);
        if (nesting == 0 && nestedLine == 0) {
            commit();
        }
        return true;
    }

    /** Reads a whole JSON input (an array, one or more documents); stops at the first syntax error. */
    void document(InputStream in, Ctx root) throws IOException {
        root.mark = held.size();
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                item(p, t, root, 0);
                resolve(root);
                commit();
            }
        } catch (JsonProcessingException | EOFException ex) {
            // What was read before the damage stands: a document is not read again as text.
            long line = ex instanceof JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : 0;
            emitter.stats().malformedRest(Math.max(0, line), "invalid JSON, rest of input not read: "
                    + (ex instanceof JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage()));
        }
        resolve(root);
        commit();
    }

    /** A base64 gzip (or plain JSON) payload met as text: a Kinesis record's data, an {@code awslogs} event's data. */
    boolean base64(byte[] b, int s, int e, long line, Ctx root) throws IOException {
        byte[] raw;
        try {
            byte[] text = new byte[e - s];
            System.arraycopy(b, s, text, 0, e - s);
            raw = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean outermost = nesting == 0 && nestedLine == 0;
        root.mark = held.size();
        payload(raw, line, root);
        if (outermost) {
            resolve(root);
            commit();
        }
        return true;
    }

    private void payload(byte[] raw, long line, Ctx root) throws IOException {
        long outer = nestedLine;
        nestedLine = Math.max(1, line);
        int heldMark = held.size();
        int noteMark = notes.size();
        try (InputStream in = open(raw); JsonParser p = JSON.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                item(p, t, root, 0);
            }
        } catch (JsonProcessingException | ZipException | EOFException ex) {
            truncate(heldMark, noteMark);
            note(null, line, "unreadable base64 payload: " + ex.getMessage(), "");
        } finally {
            nestedLine = outer;
        }
    }

    static InputStream open(byte[] data) throws IOException {
        InputStream in = new ByteArrayInputStream(data);
        boolean gzip = data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
        return gzip ? new GZIPInputStream(in, 8192) : in;
    }

    // ---------------------------------------------------------------- values

    /** An array element or a top-level value; counts it as {@code otherJson} when it held nothing. */
    private void item(JsonParser p, JsonToken t, Ctx ctx, int depth) throws IOException {
        boolean yielded;
        if (t == JsonToken.START_OBJECT) {
            ObjectState o = object(p, ctx, depth);
            yielded = o.pair ? finishRow(singleRow(o, ctx)) : o.yielded;
        } else if (t == JsonToken.START_ARRAY) {
            yielded = array(p, ctx, depth);
            return; // its elements were counted one by one
        } else if (t == JsonToken.VALUE_STRING) {
            yielded = text(p.getText(), ctx, true, line(p));
        } else {
            yielded = false;
        }
        if (!yielded) {
            note(ParseStats.OTHER_JSON, 0, null, null);
        }
    }

    private boolean array(JsonParser p, Ctx ctx, int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            p.skipChildren();
            note(ParseStats.OTHER_JSON, 0, null, null);
            return true;
        }
        ObjectState row = null;
        boolean yielded = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new EOFException("input ended inside a JSON array");
            }
            if (t == JsonToken.START_OBJECT) {
                ObjectState o = object(p, ctx, depth + 1);
                if (o.pair) {
                    // aws logs get-query-results: a row is an array of {"field":…,"value":…} objects.
                    if (row == null) {
                        row = new ObjectState(ctx, held.size());
                    }
                    row.stringField(this, o.pairField, o.pairValue, o.line);
                } else if (!o.yielded) {
                    note(ParseStats.OTHER_JSON, 0, null, null);
                } else {
                    yielded = true;
                }
            } else if (t == JsonToken.START_ARRAY) {
                yielded |= array(p, ctx, depth + 1);
            } else if (t == JsonToken.VALUE_STRING) {
                if (text(p.getText(), ctx, true, line(p))) {
                    yielded = true;
                } else {
                    note(ParseStats.OTHER_JSON, 0, null, null);
                }
            } else {
                note(ParseStats.OTHER_JSON, 0, null, null);
            }
        }
        if (row != null) {
            yielded |= finishRow(row);
        }
        return yielded;
    }

    private ObjectState singleRow(ObjectState pair, Ctx ctx) throws IOException {
        ObjectState row = new ObjectState(ctx, held.size());
        row.stringField(this, pair.pairField, pair.pairValue, pair.line);
        return row;
    }

    private boolean finishRow(ObjectState row) throws IOException {
        return finish(row, null, null, false, null);
    }

    /** What one object says, while it is read; {@link #finish} acts on it. */
    private static final class ObjectState {
        final Ctx ctx;
        final long line;
        String type;
        String messageType;
        ReportFields record;
        boolean recordSeen;
        String recordText;
        boolean yielded;
        List<String[]> strings;
        boolean pair;
        String pairField;
        String pairValue;

        ObjectState(Ctx parent, int mark) {
            this(parent, mark, 0);
        }

        ObjectState(Ctx parent, int mark, long line) {
            this.ctx = new Ctx(parent);
            this.ctx.mark = mark;
            this.line = line;
        }

        /** A string field: the object's time or function, or a frame to read once the object has ended. */
        void stringField(JsonFrames reader, String name, String value, long valueLine) {
            int timeRank = timeRank(name);
            if (timeRank >= 0) {
                ctx.time(Timestamps.parse(value), timeRank);
                return;
            }
            int functionRank = functionRank(name);
            if (functionRank >= 0) {
                ctx.function(functionRank < 4 ? functionName(value) : FrameText.lambdaFunctionIn(value), functionRank);
                return;
            }
            switch (name) {
                case "type":
                    type = value;
                    return;
                case "messageType":
                    messageType = value;
                    return;
                default:
                    break;
            }
            boolean message = isMessageField(name);
            if (message || reader.worthReading(value)) {
                if (strings == null) {
                    strings = new ArrayList<>(2);
                }
                strings.add(new String[] {value, message ? "m" : "", Long.toString(valueLine)});
            }
        }
    }

    /** Rank of a time field (lower wins), or -1: the event's own time before a log event's, ingestion last. */
    static int timeRank(String name) {
        switch (name) {
            case "time":
                return 0;
            case "@timestamp":
                return 1;
            case "timestamp":
                return 2;
            case "eventTime":
                return 3;
            case "ingestionTime":
                return 9;
            default:
                return -1;
        }
    }

    /** Rank of a field naming the function (0–3: the name itself; 4 and up: a log group), or -1. */
    static int functionRank(String name) {
        switch (name) {
            case "functionName":
            case "function_name":
            case "FunctionName":
                return 0;
            case "@log":
            case "logGroup":
            case "logGroupName":
            case "log_group":
            case "logGroupIdentifier":
            case "@logGroup":
                return 4;
            default:
                return -1;
        }
    }

    private static boolean isMessageField(String name) {
        switch (name) {
            case "message":
            case "@message":
            case "msg":
            case "log":
            case "body":
                return true;
            default:
                return false;
        }
    }

    /** A function name as written, or the name inside a function ARN. */
    static String functionName(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        int marker = v.indexOf(":function:");
        if (v.startsWith("arn:") && marker >= 0) {
            v = v.substring(marker + ":function:".length());
            int qualifier = v.indexOf(':');
            if (qualifier >= 0) {
                v = v.substring(0, qualifier);
            }
        }
        return v.isEmpty() || v.length() > 256 ? null : v;
    }

    /** Whether a string that is no message field could still hold something (a REPORT, JSON, a payload). */
    private boolean worthReading(String value) {
        int n = value.length();
        if (n < 10) {
            return false;
        }
        int i = 0;
        while (i < n && Character.isWhitespace(value.charAt(i))) {
            i++;
        }
        if (i < n && (value.charAt(i) == '{' || value.charAt(i) == '[')) {
            return true;
        }
        if (value.startsWith("H4sI", i)) {
            return true;
        }
        return value.contains("REPORT");
    }

    /** Reads the object whose START_OBJECT the parser is on. */
    private ObjectState object(JsonParser p, Ctx parent, int depth) throws IOException {
        ObjectState o = new ObjectState(parent, held.size(), line(p));
        if (depth >= MAX_DEPTH) {
            p.skipChildren();
            return o;
        }
        int fields = 0;
        String fieldName = null;
        String fieldValue = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            fields++;
            if (t == JsonToken.VALUE_STRING) {
                if (name.equals("field")) {
                    fieldName = p.getText();
                } else if (name.equals("value")) {
                    fieldValue = p.getText();
                }
                if (name.equals("time") || name.equals("@timestamp") || name.equals("timestamp")) {
                    o.ctx.time(Timestamps.parse(p, timeScratch), timeRank(name));
                } else if (name.equals("record")) {
                    o.recordSeen = true;
                    o.recordText = p.getText();
                } else if (!name.equals("field") && !name.equals("value")) {
                    o.stringField(this, name, p.getText(), line(p));
                }
                continue;
            }
            if (name.equals("value") && t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                fieldValue = p.getText();
                continue;
            }
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                int rank = timeRank(name);
                if (rank >= 0) {
                    double ms = p.getDoubleValue();
                    // Out-of-range numbers are garbage, not a reason to stop reading.
                    o.ctx.time(Math.abs(ms) < 1e15 ? Instant.ofEpochMilli((long) ms) : null, rank);
                }
                continue;
            }
            if (t == JsonToken.START_OBJECT) {
                if (name.equals("record")) {
                    o.recordSeen = true;
                    o.record = new ReportFields();
                    TelemetryRecords.readRecord(p, o.record);
                } else {
                    ObjectState child = object(p, o.ctx, depth + 1);
                    o.yielded |= child.pair ? finishRow(singleRow(child, o.ctx)) : child.yielded;
                }
                continue;
            }
            if (t == JsonToken.START_ARRAY) {
                if ((name.equals("logEvents") || name.equals("events"))
                        && SubscriptionMessage.CONTROL_MESSAGE.equals(o.messageType)) {
                    p.skipChildren();
                } else {
                    o.yielded |= array(p, o.ctx, depth + 1);
                }
                continue;
            }
            p.skipChildren();
        }
        if (fieldName != null && fieldValue != null && fields == 2) {
            o.pair = true;
            o.pairField = fieldName;
            o.pairValue = fieldValue;
            return o;
        }
        if (fieldName != null) {
            o.stringField(this, "field", fieldName, o.line);
        }
        if (fieldValue != null) {
            o.stringField(this, "value", fieldValue, o.line);
        }
        o.yielded = finish(o, o.type, o.record, o.recordSeen, o.recordText) | o.yielded;
        return o;
    }

    /** Acts on an object once it has ended: its strings, its own report, and the reports held for it. */
    private boolean finish(ObjectState o, String type, ReportFields record, boolean recordSeen, String recordText)
            throws IOException {
        boolean yielded = false;
        if (o.strings != null) {
            for (String[] s : o.strings) {
                yielded |= text(s[0], o.ctx, !s[1].isEmpty(), Long.parseLong(s[2]));
            }
        }
        boolean textRecord = false;
        if (recordText != null) {
            // A "function" or "extension" event's record is the line that was logged.
            yielded |= text(recordText, o.ctx, true, o.line);
            textRecord = true;
        }
        String t = type != null ? type : o.type;
        if (t != null && (recordSeen || o.ctx.time != null)) {
            if (PLATFORM_REPORT.equals(t)) {
                if (record == null) {
                    note(null, o.line, "platform.report without a record object", "");
                } else {
                    report(record, o.ctx, o.line);
                }
            } else if (!textRecord) {
                note(TelemetryRecords.kind(t), 0, null, null);
            }
            yielded = true;
        } else if (record != null && (record.hasMaxMemoryUsed || record.hasMemorySize)) {
            report(record, o.ctx, o.line); // a record with metrics, whoever dropped its type
            yielded = true;
        }
        if (SubscriptionMessage.CONTROL_MESSAGE.equals(o.messageType)) {
            note(ParseStats.CONTROL_MESSAGE, 0, null, null);
            yielded = true;
        }
        resolve(o.ctx);
        return yielded;
    }

    private void report(ReportFields record, Ctx ctx, long line) {
        InvocationUsage usage;
        try {
            usage = emitter.build(record, ReportEmitter.UNRESOLVED, null);
        } catch (IllegalArgumentException e) {
            note(null, line, "platform.report " + e.getMessage(),
                    record.requestId == null ? "" : "requestId " + record.requestId);
            return;
        }
        hold(usage, ctx);
    }

    // ---------------------------------------------------------------- text frames inside JSON

    /**
     * Reads a string as a frame of its own: escaped JSON, a base64 payload, or text with REPORT messages (several,
     * if a shipper joined lines). A message field that holds nothing Lambda wrote counts as application output.
     * Returns whether it held anything.
     */
    private boolean text(String value, Ctx ctx, boolean message, long line) throws IOException {
        if (value.length() > MAX_STRING_FRAME) {
            return false;
        }
        byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        int s = ReportLineScanner.skipSpace(b, 0, b.length);
        int e = b.length;
        while (e > s && ReportLineScanner.isSpace(b[e - 1])) {
            e--;
        }
        if (s >= e) {
            if (message) {
                note(ParseStats.APPLICATION_OUTPUT, 0, null, null);
            }
            return message;
        }
        if (FrameText.looksLikeJson(b, s, e) && nesting < MAX_NESTING) {
            long outer = nestedLine;
            nestedLine = line;
            nesting++;
            Ctx inner = new Ctx(ctx);
            inner.mark = held.size();
            try {
                if (frame(b, s, e, line, inner)) {
                    return true;
                }
            } finally {
                nesting--;
                nestedLine = outer;
            }
            if (FrameText.mentionsReport(b, s, e)) {
                note(null, line, "invalid JSON in a string", value);
                return true;
            }
        }
        if (FrameText.looksLikeBase64Gzip(b, s, e) && nesting < MAX_NESTING) {
            nesting++;
            try {
                if (base64(b, s, e, line, new Ctx(ctx))) {
                    return true;
                }
            } finally {
                nesting--;
            }
        }
        boolean found = false;
        int from = s;
        while (from < e) {
            FrameText.find(b, from, e, nesting < MAX_NESTING ? from : e, search);
            if (search.found == FrameText.Found.REPORT) {
                int at = search.at;
                int next = nextReport(b, at + FrameText.REPORT.length, e);
                reportText(b, from, at, next, ctx, line);
                found = true;
                from = next;
            } else if (search.found == FrameText.Found.JSON) {
                // JSON behind a prefix inside the string: "2024-… {\"type\":\"platform.report\",…}"
                int close = FrameText.closeOf(b, search.at, e);
                int at = search.at;
                if (close > 0 && jsonBehindPrefix(b, from, at, close, ctx, line)) {
                    found = true;
                    from = close;
                } else {
                    from = at + 1;
                }
            } else {
                if (!found && search.found == FrameText.Found.PLATFORM_LINE) {
                    if (message) {
                        note(search.kind, 0, null, null);
                    }
                    return message;
                }
                break;
            }
        }
        if (!found && message) {
            note(ParseStats.APPLICATION_OUTPUT, 0, null, null);
            return true;
        }
        return found;
    }

    private boolean jsonBehindPrefix(byte[] b, int prefixStart, int at, int close, Ctx ctx, long line)
            throws IOException {
        timeScan.scan(b, prefixStart, at);
        Ctx inner = new Ctx(ctx);
        inner.time(timeScan.time, 50);
        inner.mark = held.size();
        long outer = nestedLine;
        nestedLine = line;
        nesting++;
        try {
            return frame(b, at, close, line, inner);
        } finally {
            nesting--;
            nestedLine = outer;
        }
    }

    private static int nextReport(byte[] b, int from, int e) {
        for (int i = from; i < e; i++) {
            if (b[i] == 'R' && FrameText.isReport(b, i, e)) {
                return i;
            }
        }
        return e;
    }

    /** One REPORT message at {@code b[at..e)}, with {@code b[prefixStart..at)} in front of it. */
    private void reportText(byte[] b, int prefixStart, int at, int e, Ctx ctx, long line) {
        timeScan.scan(b, prefixStart, at);
        Instant time = timeScan.time;
        String function = null;
        long group = FrameText.lambdaGroupName(b, prefixStart, e);
        if (group >= 0) {
            function = new String(b, (int) (group >>> 32), (int) group - (int) (group >>> 32),
                    StandardCharsets.ISO_8859_1);
        } else if (timeScan.nameStart >= 0) {
            function = new String(b, timeScan.nameStart, timeScan.nameEnd - timeScan.nameStart,
                    StandardCharsets.ISO_8859_1);
        }
        clean.clean(b, at, e);
        fields.reset();
        scanner.scan(clean.buffer(), clean.start(), clean.end(), fields);
        InvocationUsage usage;
        try {
            usage = emitter.build(fields, function == null ? ReportEmitter.UNRESOLVED : function, time);
        } catch (IllegalArgumentException ex) {
            note(null, line, ex.getMessage(), new String(b, at, Math.min(e - at, 2 * MalformedSample.MAX_EXCERPT),
                    StandardCharsets.ISO_8859_1));
            return;
        }
        hold(usage, ctx);
    }

    // ---------------------------------------------------------------- holding and resolving

    private void hold(InvocationUsage usage, Ctx ctx) {
        if (usage == null) {
            return;
        }
        held.add(usage);
        if (held.size() > MAX_HELD && nesting == 0) {
            // A very long array whose object has not ended: what is known now has to do.
            for (Ctx c = ctx; c != null; c = c.parent) {
                resolve(c);
            }
            commit();
            for (Ctx c = ctx; c != null; c = c.parent) {
                c.mark = 0;
            }
        }
    }

    /** Gives the reports held since {@code ctx} began the time and function it names, where they have none. */
    private void resolve(Ctx ctx) {
        if (ctx.time == null && ctx.function == null) {
            return;
        }
        for (int i = Math.max(0, ctx.mark); i < held.size(); i++) {
            InvocationUsage u = held.get(i);
            boolean needsTime = u.time() == null && ctx.time != null;
            boolean needsFunction = u.function() == ReportEmitter.UNRESOLVED && ctx.function != null;
            if (needsTime || needsFunction) {
                held.set(i, new InvocationUsage(needsFunction ? ctx.function : u.function(),
                        needsTime ? ctx.time : u.time(), u.requestId(), u.status(), u.errorType(), u.durationMs(),
                        u.billedDurationMs(), u.memorySizeMb(), u.maxMemoryUsedMb(), u.initDurationMs(),
                        u.restoreDurationMs()));
            }
        }
    }

    /** Hands over every held report and applies the frame's notes. */
    private void commit() {
        for (InvocationUsage usage : held) {
            emitter.deliver(usage);
        }
        held.clear();
        applyNotes();
    }

    private void applyNotes() {
        ParseStats stats = emitter.stats();
        for (Note n : notes) {
            if (n.reason() == null) {
                stats.count(n.kind());
            } else {
                stats.malformed(n.line(), n.reason(), n.excerpt());
            }
        }
        notes.clear();
    }

    private void truncate(int heldMark, int noteMark) {
        while (held.size() > heldMark) {
            held.remove(held.size() - 1);
        }
        while (notes.size() > noteMark) {
            notes.remove(notes.size() - 1);
        }
    }

    private void note(String kind, long line, String reason, String excerpt) {
        notes.add(new Note(kind, reason == null ? 0 : (nestedLine > 0 ? nestedLine : line), reason, excerpt));
        if (notes.size() > MAX_HELD && nesting == 0) {
            applyNotes(); // a long array of events without reports: counts need no context
        }
    }

    private long line(JsonParser p) {
        return nestedLine > 0 ? nestedLine : lineBase + p.currentLocation().getLineNr();
    }
}
