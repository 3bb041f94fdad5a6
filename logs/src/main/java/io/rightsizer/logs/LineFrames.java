package io.rightsizer.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a line-oriented input leniently: a {@code REPORT RequestId:} anywhere in a line, whatever stands in front of
 * it (timestamps, log streams and groups, comment and quote markers, table cells, another tool's log line), and
 * JSON values anywhere in a line, also pretty-printed over many lines. Everything else is counted by kind.
 *
 * <p>A REPORT is held for one more line before it is emitted, because the next lines may finish it: a terminal wrap
 * (cut anywhere), fields one per line, XRAY on the next line, a wrapped comment block whose lines repeat the same
 * marker, the closing quote of a CSV field. A line holding only a prefix (a timestamp and a log stream) is joined
 * with the line after it. A JSON value that does not close on its line is gathered until it does, at most
 * {@value #MAX_JSON_BYTES} bytes; JSON that turns out broken (or a JavaScript object) is re-read as text lines, so
 * that it never swallows the REPORT lines after it. Memory stays bounded by one record.
 */
final class LineFrames {

    /** A record spread over more lines than this (fields one per line, wraps), or longer, is malformed. */
    private static final int MAX_PARTS = 14;
    private static final int MAX_RECORD = 64 * 1024;
    private static final int MAX_PREFIX_TOKENS = 3;
    private static final int MAX_DECORATION = 32;
    static final int MAX_JSON_BYTES = 1 << 20;
    private static final int MAX_JSON_LINES = 50_000;

    private final ReportEmitter emitter;
    private final ParseStats stats;
    private final JsonFrames json;
    private final ReportLineScanner scanner = new ReportLineScanner();
    private final ReportText clean = new ReportText();
    private final TimeScan timeScan = new TimeScan();
    private final FrameText.Search search = new FrameText.Search();

    // The REPORT being read.
    private final ReportFields pending = new ReportFields();
    private boolean hasPending;
    private boolean pendingTruncated;
    private boolean pendingEndsInWord;
    private boolean pendingUnknownText;
    private Instant pendingTime;
    private String pendingFunction;
    private long pendingLine;
    private int pendingParts;
    private boolean pendingFromCli;
    private byte[] text = new byte[1024];
    private int textLength;
    /** The marker in front of the REPORT ({@code # }, {@code > }) that wrapped lines repeat; empty when none. */
    private final byte[] decoration = new byte[MAX_DECORATION];
    private int decorationLength;

    /** Whether the REPORT being started came through {@link #plainPrefix} (so it needs no cleaning). */
    private boolean plain;
    /** Whether any {@code EVENTS} line was seen (then a line holding only epoch milliseconds is a timestamp). */
    private boolean sawCliEvents;

    /** A line that held only a prefix (or a cut keyword), waiting for the line that finishes it. */
    private byte[] carry = new byte[256];
    private int carryLength;
    private long carryLine;

    // A JSON value being gathered over lines: its lines, where the value starts in the first one, its bracket depth.
    private boolean gathering;
    private byte[] jsonLines = new byte[4096];
    private int jsonLength;
    private int[] jsonLineStarts = new int[64];
    private int jsonLineCount;
    private int jsonValueStart;
    private long jsonFirstLine;
    private int jsonDepth;
    /** The gathered value began as a compact JSON line ({@code {"…}): the next such line shows it was broken. */
    private boolean jsonLineStyle;
    private boolean jsonInString;
    private boolean jsonEscaped;

    private String lastFunction;
    private byte[] lastFunctionBytes = new byte[0];

    LineFrames(ReportEmitter emitter, JsonFrames json) {
        this.emitter = emitter;
        this.stats = emitter.stats();
        this.json = json;
    }

    void read(LineReader lines) throws IOException {
        read(lines, true);
    }

    /**
     * Reads every line; {@code endOfInput} is false for a segment that a later one continues (which starts with a
     * line that ends any JSON value still open, as it would in one pass).
     */
    void read(LineReader lines, boolean endOfInput) throws IOException {
        while (lines.next()) {
            byte[] b = lines.buffer();
            int s = lines.start();
            int e = lines.end();
            long line = lines.lineNumber();
            if (line == 1) {
                s = skipByteOrderMark(b, s, e);
            }
            if (lines.tooLong()) {
                finishPending();
                stats.malformed(line, "line longer than " + LineReader.MAX_LINE + " bytes", excerpt(b, s, e));
                continue;
            }
            line(b, s, e, line);
        }
        if (!endOfInput && gathering) {
            abortJson();
        }
        finish();
        stats.countLines(lines.lineNumber());
    }

    /** Ends the input: what is still open is read as far as it goes. */
    private void finish() throws IOException {
        if (gathering) {
            // The input ended inside a JSON value: cut off. Read what there is line by line.
            stats.malformedRest(jsonFirstLine, "JSON cut off: the value opened at line " + jsonFirstLine
                    + " does not close before the input ends");
            gathering = false;
            reread(true);
            while (gathering) {
                gathering = false;
                reread(true);
            }
        }
        flush();
        if (carryLength > 0) {
            carryLength = 0;
            stats.count(ParseStats.APPLICATION_OUTPUT);
        }
    }

    private void finishPending() throws IOException {
        if (gathering) {
            abortJson();
        }
        flush();
    }

    private void line(byte[] b, int s, int e, long line) throws IOException {
        if (gathering) {
            jsonLine(b, s, e, line);
            return;
        }
        if (!sawCliEvents && e - s > 7 && b[s] == 'E' && FrameText.isCliEvents(b, s, e)) {
            sawCliEvents = true;
        }
        if (sawCliEvents && isBareEpochMillis(b, s, e)) {
            // get-log-events --output text puts the event timestamp after the message's own newline.
            if (hasPending && pendingFromCli) {
                int p = ReportLineScanner.skipSpace(b, s, e);
                pendingTime = Instant.ofEpochMilli(Long.parseLong(new String(b, p, 13, StandardCharsets.US_ASCII)));
            }
            return;
        }
        if (hasPending && continues(b, s, e)) {
            return;
        }
        flush();
        if (carryLength > 0) {
            if (!startsNewPrefixedLine(b, s, e)) {
                joinCarry(b, s, e);
                return;
            }
            carryLength = 0; // the carried prefix had an empty message
            stats.count(ParseStats.APPLICATION_OUTPUT);
        }
        int at = plainPrefix(b, s, e);
        if (at >= 0) {
            plain = true; // as Lambda wrote it: no escapes or colour codes to undo
            startReport(b, at, e, line, timeScan.time, null);
            plain = false;
            return;
        }
        fresh(b, s, e, line, s);
    }

    /**
     * The fast way through the prefixes most exports have — a timestamp and a log stream, in either order, or
     * nothing — to a REPORT right behind them: where it starts (the time in {@link #timeScan}), or -1 when the
     * line needs the full search.
     */
    private int plainPrefix(byte[] b, int s, int e) {
        timeScan.time = null;
        if (e - s > 6 && b[s] == 'R') {
            return FrameText.isReport(b, s, e) ? s : -1;
        }
        Instant time = null;
        int p = s;
        for (int token = 0; token < 2; token++) {
            if (e - p < 19) {
                return -1;
            }
            if (Timestamps.startsWithDate(b, p, e)) {
                p = timeScan.isoAt(b, p, e);
                if (p < 0) {
                    return -1;
                }
                time = timeScan.time;
            } else if (isLogStream(b, p, e)) {
                while (p < e && !ReportLineScanner.isSpace(b[p])) {
                    p++;
                }
            } else {
                return -1;
            }
            if (p >= e || (b[p] != ' ' && b[p] != '\t')) {
                return -1;
            }
            p = ReportLineScanner.skipSpace(b, p, e);
            if (p < e && b[p] == 'R' && FrameText.isReport(b, p, e)) {
                timeScan.time = time;
                return p;
            }
        }
        return -1;
    }

    /** A line that starts a frame of its own; JSON is looked for from {@code jsonFrom} on. */
    private void fresh(byte[] b, int s, int e, long line, int jsonFrom) throws IOException {
        FrameText.find(b, s, e, jsonFrom, search);
        switch (search.found) {
            case REPORT:
                startPending(b, s, search.at, e, line);
                return;
            case JSON:
                jsonStart(b, s, search.at, e, line);
                return;
            case PLATFORM_LINE:
                stats.count(search.kind);
                return;
            case BASE64_GZIP:
                if (!json.base64(b, search.at, trimEnd(b, search.at, e), line, JsonFrames.root(null, null))) {
                    stats.count(ParseStats.APPLICATION_OUTPUT);
                }
                return;
            default:
                break;
        }
        if (isCarry(b, s, e)) {
            carry(b, s, e, line);
            return;
        }
        if (ReportLineScanner.skipSpace(b, s, e) < e) {
            stats.count(ParseStats.APPLICATION_OUTPUT);
        }
    }

    // ---------------------------------------------------------------- REPORT text

    private void startPending(byte[] b, int s, int at, int e, long line) {
        timeScan.scan(b, s, at);
        String function = null;
        long group = at - s > 12 ? FrameText.lambdaGroupName(b, s, at) : -1;
        if (group >= 0) {
            function = name(b, (int) (group >>> 32), (int) group);
        } else if (timeScan.nameStart >= 0) {
            function = name(b, timeScan.nameStart, timeScan.nameEnd);
        }
        Instant time = timeScan.time;
        boolean fromCli = FrameText.isCliEvents(b, ReportLineScanner.skipSpace(b, s, at), at);
        if (fromCli) {
            sawCliEvents = true;
            int cut = takeTrailingTimestamp(b, at, e);
            if (cut < e) {
                time = timeScan.time;
                e = cut;
            }
        }
        startReport(b, at, e, line, time, function);
        pendingFromCli = fromCli;
        if (at > s && at - s <= MAX_DECORATION && FrameText.isDecoration(b, s, at)
                && ReportLineScanner.skipSpace(b, s, at) < at) {
            decorationLength = at - s;
            System.arraycopy(b, s, decoration, 0, decorationLength);
        }
    }

    private void startReport(byte[] b, int at, int e, long line, Instant time, String function) {
        pendingTime = time;
        pendingFunction = function;
        pendingFromCli = false;
        decorationLength = 0;
        textLength = 0;
        pendingParts = 0;
        pendingLine = line;
        hasPending = true;
        append(b, at, e, false);
    }

    /** Whether the line {@code b[s..e)} is the rest of the pending REPORT (and appends it if so). */
    private boolean continues(byte[] b, int s, int e) {
        if (pendingParts >= MAX_PARTS || textLength + (e - s) > MAX_RECORD) {
            return false;
        }
        int from = s;
        boolean decorated = false;
        if (decorationLength > 0 && e - s >= decorationLength && regionEquals(b, s, decoration, decorationLength)) {
            from = s + decorationLength;
            decorated = true;
        } else if (decorationLength > 0) {
            // A decorated REPORT continues only on lines that repeat its marker (trailing spaces may be trimmed).
            int n = trimmedDecoration();
            if (n > 0 && e - s >= n && regionEquals(b, s, decoration, n)) {
                from = s + n;
                decorated = true;
            } else {
                return false;
            }
        }
        int p = ReportLineScanner.skipSpace(b, from, e);
        if (p >= e) {
            // A blank line inside a record whose fields stand one per line.
            if (!pending.complete() && !decorated && pendingParts > 1) {
                pendingParts++;
                return true;
            }
            return false;
        }
        if (startsNewRecord(b, p, e)) {
            return false;
        }
        boolean more;
        boolean space = decorated; // an editor wraps a comment block at a space and drops it; a terminal cuts anywhere
        if (b[p] == '"' && (p + 1 == e || b[p + 1] == ',')) {
            more = true; // the closing quote of a CSV field whose message ended with a newline; its row goes on
        } else if (pendingTruncated) {
            more = true; // cut inside a label, a number or its unit
        } else if (ReportLineScanner.startsWithLabel(b, p, e)) {
            more = true; // XRAY TraceId on its own line, fields one per line, or a wrap at a field boundary
            space = true;
        } else {
            // A wrap inside an id or status: the rest of the word starts the next line. Anything else is a
            // line of its own, even after a report that lacks fields (that report is malformed, not hungry).
            more = pendingEndsInWord && p == from;
        }
        if (more) {
            append(b, decorated ? p : from, e, space);
        }
        return more;
    }

    private int trimmedDecoration() {
        int n = decorationLength;
        while (n > 0 && ReportLineScanner.isSpace(decoration[n - 1])) {
            n--;
        }
        return n;
    }

    /** Whether a line begins a new record (so it cannot continue the pending one). */
    private boolean startsNewRecord(byte[] b, int p, int e) {
        if (Timestamps.startsWithDate(b, p, e) || isLogStream(b, p, Math.min(e, p + 12))
                || (e - p > 13 && isEpochMillis(b, p, p + 13) && isDelimiter(b[p + 13]))
                || FrameText.isCliEvents(b, p, e)) {
            return true;
        }
        FrameText.find(b, p, e, p, search);
        return search.found != FrameText.Found.NOTHING && search.found != FrameText.Found.BASE64_GZIP;
    }

    private void append(byte[] b, int s, int e, boolean joinWithSpace) {
        byte[] c = b;
        int cs = s;
        int n = e - s;
        if (!plain) {
            clean.clean(b, s, e);
            c = clean.buffer();
            cs = clean.start();
            n = clean.end() - cs;
        }
        if (textLength + n + 1 > text.length) {
            byte[] bigger = new byte[Math.max(text.length * 2, textLength + n + 1)];
            System.arraycopy(text, 0, bigger, 0, textLength);
            text = bigger;
        }
        if (joinWithSpace && textLength > 0 && !ReportLineScanner.isSpace(text[textLength - 1])
                && n > 0 && !ReportLineScanner.isSpace(c[cs])) {
            text[textLength++] = ' ';
        }
        System.arraycopy(c, cs, text, textLength, n);
        textLength += n;
        pendingParts++;
        pending.reset();
        scanner.scan(text, 0, textLength, pending);
        pendingTruncated = scanner.truncated();
        pendingEndsInWord = scanner.endsInWord();
        pendingUnknownText = scanner.sawUnknownText();
    }

    private void flush() {
        if (!hasPending) {
            return;
        }
        hasPending = false;
        String function = pendingFunction;
        if (function == null && pendingUnknownText && FrameText.hasSlash(text, 0, textLength)) {
            // A later column names the log group (@log of a Logs Insights export, a CSV row's rest).
            long group = FrameText.lambdaGroupName(text, 0, textLength);
            if (group >= 0) {
                function = name(text, (int) (group >>> 32), (int) group);
            }
        }
        String problem = emitter.emit(pending, function, pendingTime);
        if (problem != null) {
            stats.malformed(pendingLine, problem, excerpt(text, 0, textLength));
        }
        if (text.length > 64 * 1024) {
            text = new byte[1024]; // one huge record must not pin its buffer for the rest of the input
        }
    }

    /** The function name in {@code b[s..e)}, as a String shared with the previous record when it is the same. */
    private String name(byte[] b, int s, int e) {
        int n = e - s;
        if (n == lastFunctionBytes.length && regionEquals(b, s, lastFunctionBytes, n)) {
            return lastFunction;
        }
        lastFunctionBytes = new byte[n];
        System.arraycopy(b, s, lastFunctionBytes, 0, n);
        lastFunction = new String(lastFunctionBytes, StandardCharsets.ISO_8859_1);
        return lastFunction;
    }

    // ---------------------------------------------------------------- JSON values in text

    private void jsonStart(byte[] b, int s, int at, int e, long line) throws IOException {
        int close = FrameText.closeOf(b, at, e);
        if (close > 0) {
            if (jsonFrame(b, s, at, close, e, line)) {
                return;
            }
            if (FrameText.mentionsReport(b, at, close)) {
                stats.malformed(line, "invalid JSON", excerpt(b, at, e));
                return;
            }
            fresh(b, s, e, line, e); // not JSON after all: read the line as text
            return;
        }
        // The value goes on over the next lines: gather them.
        gathering = true;
        jsonLength = 0;
        jsonLineCount = 0;
        jsonFirstLine = line;
        jsonValueStart = at - s;
        jsonLineStyle = at + 1 < e && b[at] == '{' && b[at + 1] == '"';
        jsonDepth = 0;
        jsonInString = false;
        jsonEscaped = false;
        addJsonLine(b, s, e);
        depth(0, jsonLength);
    }

    /** Reads a JSON frame that closed on its line; false when it is not JSON. */
    private boolean jsonFrame(byte[] b, int s, int at, int close, int e, long line) throws IOException {
        timeScan.scan(b, s, at);
        String function = null;
        long group = FrameText.lambdaGroupName(b, s, at);
        if (group < 0) {
            group = FrameText.lambdaGroupName(b, close, e);
        }
        if (group >= 0) {
            function = name(b, (int) (group >>> 32), (int) group);
        } else if (timeScan.nameStart >= 0) {
            function = name(b, timeScan.nameStart, timeScan.nameEnd);
        }
        JsonFrames.Ctx root = JsonFrames.root(timeScan.time, function);
        if (json.frame(b, at, close, line, root)) {
            return true;
        }
        // A CSV export doubles the quotes of a JSON message: {""time"":""…""}
        if (at > s && b[at - 1] == '"' && close - at > 3 && b[at + 1] == '"' && b[at + 2] == '"') {
            byte[] single = undoubleQuotes(b, at, close);
            return json.frame(single, 0, single.length, line, JsonFrames.root(timeScan.time, function));
        }
        return false;
    }

    private static byte[] undoubleQuotes(byte[] b, int s, int e) {
        byte[] out = new byte[e - s];
        int n = 0;
        for (int i = s; i < e; i++) {
            out[n++] = b[i];
            if (b[i] == '"' && i + 1 < e && b[i + 1] == '"') {
                i++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private void jsonLine(byte[] b, int s, int e, long line) throws IOException {
        boolean nextJsonLine = jsonLineStyle && e - s > 1 && b[s] == '{' && b[s + 1] == '"';
        if (nextJsonLine || breaksJson(b, s, e) || jsonLength + (e - s) + 1 > MAX_JSON_BYTES || jsonLineCount >= MAX_JSON_LINES) {
            abortJson();
            line(b, s, e, line);
            return;
        }
        int from = jsonLength;
        addJsonLine(b, s, e);
        int close = depth(from, jsonLength);
        if (close > 0) {
            closeJson(close);
        }
    }

    /**
     * A line no JSON value spread over lines holds: a timestamp, log stream, REPORT or other Lambda line in column
     * one. (A line starting {@code {"} may be the next element of an array written one element per line.)
     */
    private static boolean breaksJson(byte[] b, int s, int e) {
        if (s >= e) {
            return false;
        }
        byte c = b[s];
        if (c >= '0' && c <= '9') {
            return Timestamps.startsWithDate(b, s, e) || isLogStream(b, s, Math.min(e, s + 12));
        }
        return FrameText.isReport(b, s, e) || FrameText.isCliEvents(b, s, e)
                || (c == 'S' || c == 'E') && FrameText.platformLineKind(b, s, e) != null;
    }

    private void addJsonLine(byte[] b, int s, int e) {
        int n = e - s;
        if (jsonLength + n + 1 > jsonLines.length) {
            byte[] bigger = new byte[Math.max(jsonLines.length * 2, jsonLength + n + 1)];
            System.arraycopy(jsonLines, 0, bigger, 0, jsonLength);
            jsonLines = bigger;
        }
        if (jsonLineCount == jsonLineStarts.length) {
            jsonLineStarts = Arrays.copyOf(jsonLineStarts, jsonLineStarts.length * 2);
        }
        if (jsonLineCount > 0) {
            jsonLines[jsonLength++] = '\n';
        }
        jsonLineStarts[jsonLineCount++] = jsonLength;
        System.arraycopy(b, s, jsonLines, jsonLength, n);
        jsonLength += n;
    }

    /** Follows the gathered value's brackets over {@code jsonLines[from..to)}; returns where it closes, or -1. */
    private int depth(int from, int to) {
        int i = Math.max(from, jsonValueStart);
        byte[] b = jsonLines;
        for (; i < to; i++) {
            byte c = b[i];
            if (jsonInString) {
                if (jsonEscaped) {
                    jsonEscaped = false;
                } else if (c == '\\') {
                    jsonEscaped = true;
                } else if (c == '"') {
                    jsonInString = false;
                }
            } else if (c == '"') {
                jsonInString = true;
            } else if (c == '{' || c == '[') {
                jsonDepth++;
            } else if (c == '}' || c == ']') {
                if (--jsonDepth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private void closeJson(int close) throws IOException {
        gathering = false;
        if (jsonFrame(jsonLines, 0, jsonValueStart, close, jsonLength, jsonFirstLine)) {
            return;
        }
        if (FrameText.mentionsReport(jsonLines, jsonValueStart, close)) {
            stats.malformed(jsonFirstLine, "invalid JSON", excerpt(jsonLines, jsonValueStart, close));
            return;
        }
        reread(true);
    }

    /** The gathered lines were not one JSON value: read them again as lines. */
    private void abortJson() throws IOException {
        gathering = false;
        int firstEnd = jsonLineCount > 1 ? jsonLineStarts[1] - 1 : jsonLength;
        if (FrameText.mentionsReport(jsonLines, jsonValueStart, firstEnd)) {
            stats.malformed(jsonFirstLine, "invalid JSON: the value does not close", excerpt(jsonLines, 0, firstEnd));
            reread(false);
            return;
        }
        reread(true);
    }

    private void reread(boolean firstLineToo) throws IOException {
        byte[] b = Arrays.copyOf(jsonLines, jsonLength);
        int[] starts = Arrays.copyOf(jsonLineStarts, jsonLineCount);
        int count = jsonLineCount;
        long first = jsonFirstLine;
        for (int i = 0; i < count; i++) {
            int s = starts[i];
            int e = i + 1 < count ? starts[i + 1] - 1 : b.length;
            if (i == 0) {
                if (firstLineToo) {
                    fresh(b, s, e, first, e); // the same line, JSON not looked for again
                }
            } else {
                line(b, s, e, first + i);
            }
        }
    }

    // ---------------------------------------------------------------- prefixes on a line of their own

    /**
     * Whether a line holds only a prefix (timestamp, epoch milliseconds, log stream) or a prefix and the start of
     * {@code REPORT}: a terminal wrapped inside the prefix or the keyword, or a tool printed the message below.
     */
    static boolean isCarry(byte[] b, int s, int e) {
        int p = ReportLineScanner.skipSpace(b, s, e);
        int tokens = 0;
        while (tokens < MAX_PREFIX_TOKENS && p < e) {
            int end = tokenEnd(b, p, e);
            if (Timestamps.startsWithDate(b, p, end)) {
                if (end - p == 10) {
                    int timeStart = ReportLineScanner.skipSpace(b, end, e);
                    if (!Timestamps.startsWithTime(b, timeStart, e)) {
                        return false;
                    }
                    end = tokenEnd(b, timeStart, e);
                }
            } else if (!(isEpochMillis(b, p, end) || isLogStream(b, p, end))) {
                break;
            }
            tokens++;
            p = ReportLineScanner.skipSpace(b, end, e);
        }
        return tokens > 0 && (p >= e || isKeywordStart(b, p, e));
    }

    /** Whether the message is only the start of {@code REPORT}, cut by a wrap. */
    private static boolean isKeywordStart(byte[] b, int p, int e) {
        int n = e - p;
        if (n >= FrameText.REPORT.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != FrameText.REPORT[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a line starts like a prefixed log line of its own (a timestamp or a log stream in column one). */
    private static boolean startsNewPrefixedLine(byte[] b, int s, int e) {
        return Timestamps.startsWithDate(b, s, e) || isLogStream(b, s, Math.min(e, s + 12))
                || (e - s > 13 && isEpochMillis(b, s, s + 13) && isDelimiter(b[s + 13]));
    }

    private void carry(byte[] b, int s, int e, long line) {
        int n = e - s;
        if (n > MAX_RECORD) {
            stats.malformed(line, "prefix without a message", excerpt(b, s, e));
            return;
        }
        if (carry.length < n) {
            carry = new byte[Math.max(n, carry.length * 2)];
        }
        System.arraycopy(b, s, carry, 0, n);
        carryLength = n;
        carryLine = line;
    }

    private void joinCarry(byte[] b, int s, int e) throws IOException {
        int n = e - s;
        if (carryLength + n > MAX_RECORD) {
            stats.malformed(carryLine, "wrapped line too long", excerpt(carry, 0, carryLength));
            carryLength = 0;
            return;
        }
        byte[] joined = new byte[carryLength + n];
        System.arraycopy(carry, 0, joined, 0, carryLength);
        System.arraycopy(b, s, joined, carryLength, n);
        carryLength = 0;
        fresh(joined, 0, joined.length, carryLine, 0);
    }

    // ---------------------------------------------------------------- small helpers

    /** Cuts the event timestamp off the end of an {@code EVENTS} line and puts it in {@link #timeScan}. */
    private int takeTrailingTimestamp(byte[] b, int p, int e) {
        int end = e;
        while (end > p && ReportLineScanner.isSpace(b[end - 1])) {
            end--;
        }
        int start = end;
        while (start > p && !ReportLineScanner.isSpace(b[start - 1])) {
            start--;
        }
        if (start > p && isEpochMillis(b, start, end)) {
            timeScan.time = Instant.ofEpochMilli(Long.parseLong(new String(b, start, end - start,
                    StandardCharsets.US_ASCII)));
            return start;
        }
        return e;
    }

    private static int tokenEnd(byte[] b, int p, int e) {
        while (p < e && !isDelimiter(b[p])) {
            p++;
        }
        return p;
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || ReportLineScanner.isSpace(c);
    }

    private static boolean isBareEpochMillis(byte[] b, int s, int e) {
        int p = ReportLineScanner.skipSpace(b, s, e);
        int end = e;
        while (end > p && ReportLineScanner.isSpace(b[end - 1])) {
            end--;
        }
        return isEpochMillis(b, p, end);
    }

    static boolean isEpochMillis(byte[] b, int s, int e) {
        if (e - s != 13) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** A Lambda log stream name: {@code yyyy/MM/dd/[version]id}. */
    static boolean isLogStream(byte[] b, int s, int e) {
        if (e - s < 12) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            byte c = b[s + i];
            boolean slash = i == 4 || i == 7;
            if (slash ? c != '/' : c < '0' || c > '9') {
                return false;
            }
        }
        return b[s + 10] == '/';
    }

    private static boolean regionEquals(byte[] b, int s, byte[] other, int n) {
        for (int i = 0; i < n; i++) {
            if (b[s + i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && ReportLineScanner.isSpace(b[e - 1])) {
            e--;
        }
        return e;
    }

    private static int skipByteOrderMark(byte[] b, int s, int e) {
        if (e - s >= 3 && (b[s] & 0xff) == 0xef && (b[s + 1] & 0xff) == 0xbb && (b[s + 2] & 0xff) == 0xbf) {
            return s + 3;
        }
        return s;
    }

    static String excerpt(byte[] b, int s, int e) {
        return new String(b, s, Math.min(e - s, 2 * MalformedSample.MAX_EXCERPT), StandardCharsets.UTF_8);
    }
}
