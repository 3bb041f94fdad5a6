package io.rightsizer.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads a line-oriented input: REPORT text as Lambda writes it and as tools export it (timestamp and log stream
 * prefixes, terminal-wrapped records, XRAY on the next line), and JSON lines (Telemetry events, JSON-format logs).
 *
 * <p>A REPORT is held for one more line before it is emitted, because the next line may finish it (a wrap, an XRAY
 * line); memory stays bounded by one record.
 */
final class TextInput {

    /** A record wrapped over more lines than this, or longer than {@link #MAX_RECORD} bytes, is malformed. */
    private static final int MAX_PARTS = 8;
    private static final int MAX_RECORD = 64 * 1024;
    private static final int MAX_PREFIX_TOKENS = 3;
    private static final byte[] REPORT_KEYWORD = ReportLineScanner.ascii("REPORT");
    private static final byte[] EVENTS = ReportLineScanner.ascii("EVENTS");
    /** What ends a prefix token: whitespace, or the comma of a CSV export. */
    private static final boolean[] DELIMITER = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            DELIMITER[c] = c == ',' || ReportLineScanner.isSpace((byte) c);
        }
    }

    private final UsageDecoder decoder;
    private final ParseStats stats;
    private final ReportLineScanner scanner;
    /** The input began with a JSON line, so a broken JSON line is malformed (not application output). */
    private final boolean jsonLines;

    private final ReportFields pending = new ReportFields();
    private boolean hasPending;
    private boolean pendingTruncated;
    private boolean pendingEndsInWord;
    private Instant pendingTime;
    private long pendingLine;
    private int pendingParts;
    private byte[] text = new byte[1024];
    private int textLength;

    /** The time found in the current line's prefix, or {@code null}. */
    private Instant prefixTime;
    /** How many prefix tokens the current line had. */
    private int prefixTokens;
    /** Whether the current line's message is in CSV quotes. */
    private boolean quoted;
    /** Whether the current line is {@code aws logs get-log-events --output text}: {@code EVENTS⇥ingestion⇥message⇥timestamp}. */
    private boolean cliEvents;
    /** Whether any {@code EVENTS} line was seen (then a line holding only epoch milliseconds is a timestamp). */
    private boolean sawCliEvents;
    private boolean pendingFromCli;

    /** A line that held only a prefix (or a cut keyword), waiting for the line that finishes it. */
    private byte[] carry = new byte[256];
    private int carryLength;
    private long carryLine;

    TextInput(UsageDecoder decoder, boolean jsonLines) {
        this.decoder = decoder;
        this.stats = decoder.stats();
        this.scanner = decoder.scanner();
        this.jsonLines = jsonLines;
    }

    void read(LineReader lines) throws IOException {
        while (lines.next()) {
            byte[] b = lines.buffer();
            int s = lines.start();
            int e = lines.end();
            long line = lines.lineNumber();
            if (line == 1) {
                s = skipByteOrderMark(b, s, e);
            }
            if (lines.tooLong()) {
                flush();
                stats.malformed(line, "line longer than " + LineReader.MAX_LINE + " bytes", UsageDecoder.text(b, s, e));
                continue;
            }
            if (sawCliEvents && isBareEpochMillis(b, s, e)) {
                // get-log-events --output text puts the event timestamp after the message's own newline.
                if (hasPending && pendingFromCli) {
                    int p = ReportLineScanner.skipSpace(b, s, e);
                    pendingTime = Instant.ofEpochMilli(Long.parseLong(new String(b, p, 13, StandardCharsets.US_ASCII)));
                }
                continue;
            }
            if (hasPending && continues(b, s, e)) {
                append(b, s, e);
                continue;
            }
            flush();
            if (carryLength > 0) {
                if (!startsNewPrefixedLine(b, s, e)) {
                    joinCarry(b, s, e);
                    continue;
                }
                carryLength = 0; // the carried prefix had an empty message
            }
            line(b, s, e, line);
        }
        flush();
    }

    private void line(byte[] b, int s, int e, long line) throws IOException {
        int p = stripPrefix(b, s, e);
        if (quoted && e > p && b[e - 1] == '"') {
            e--;
        }
        if (cliEvents) {
            e = takeTrailingTimestamp(b, p, e);
        }
        if (prefixTokens > 0 && (p >= e || isKeywordStart(b, p, e))) {
            // A terminal wrapped inside the prefix or the keyword: the record goes on in the next line.
            carry(b, s, e, line);
            return;
        }
        if (p >= e) {
            return; // blank: not a record
        }
        if (ReportLineScanner.isReport(b, p, e)) {
            startPending(b, p, e, line);
            return;
        }
        if (UsageDecoder.looksLikeJson(b, p, e)) {
            decoder.jsonLine(b, p, e, prefixTime, line, jsonLines);
            return;
        }
        String kind = UsageDecoder.platformLineKind(b, p, e);
        if (kind != null) {
            stats.count(kind);
            return;
        }
        if (UsageDecoder.looksLikeBase64Gzip(b, p, e)) {
            decoder.base64Payload(b, p, e, null, line);
            return;
        }
        stats.count(ParseStats.APPLICATION_OUTPUT);
    }

    /**
     * Skips the prefixes tools print before a message: timestamps ({@code 2026-11-02T10:15:03.123Z}, {@code
     * 2026-11-02 10:15:03.123}, epoch milliseconds) and log stream names ({@code 2026/11/02/[$LATEST]0a1b…}), in
     * any order; remembers the first timestamp. Returns where the message starts.
     */
    private int stripPrefix(byte[] b, int s, int e) {
        prefixTime = null;
        prefixTokens = 0;
        cliEvents = false;
        int p = ReportLineScanner.skipSpace(b, s, e);
        for (int i = 0; i < MAX_PREFIX_TOKENS && p < e; i++) {
            int end = tokenEnd(b, p, e);
            if (Timestamps.startsWithDate(b, p, end)) {
                Instant t;
                if (end - p == 10) {
                    // "2026-11-02 10:15:03.123": the time of day is the next token.
                    int timeStart = skipSeparator(b, end, e);
                    int timeEnd = tokenEnd(b, timeStart, e);
                    t = Timestamps.parse(b, p, timeStart, timeEnd);
                    end = timeEnd;
                } else {
                    t = Timestamps.parse(b, p, end);
                }
                if (t == null) {
                    break;
                }
                if (prefixTime == null) {
                    prefixTime = t;
                }
            } else if (isEpochMillis(b, p, end)) {
                if (prefixTime == null) {
                    prefixTime = Instant.ofEpochMilli(Long.parseLong(new String(b, p, end - p,
                            StandardCharsets.US_ASCII)));
                }
            } else if (i == 0 && end - p == EVENTS.length && ReportLineScanner.startsWith(b, p, end, EVENTS)) {
                cliEvents = true;
                sawCliEvents = true;
            } else if (!isLogStream(b, p, end)) {
                break;
            }
            p = skipSeparator(b, end, e);
            prefixTokens++;
        }
        quoted = p < e && b[p] == '"' && prefixTokens > 0;
        if (quoted) {
            p++; // a CSV export quotes the message
        }
        return p;
    }

    /** Cuts the event timestamp off the end of an {@code EVENTS} line and makes it the line's time. */
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
            prefixTime = Instant.ofEpochMilli(Long.parseLong(new String(b, start, end - start,
                    StandardCharsets.US_ASCII)));
            return start;
        }
        return e;
    }

    /** Whether the message is only the start of {@code REPORT} (or of a log stream name cut by a wrap). */
    private static boolean isKeywordStart(byte[] b, int p, int e) {
        int n = e - p;
        if (n >= REPORT_KEYWORD.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != REPORT_KEYWORD[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a line starts like a prefixed log line of its own (a timestamp or a log stream in column one). */
    private static boolean startsNewPrefixedLine(byte[] b, int s, int e) {
        return Timestamps.startsWithDate(b, s, e) || isLogStream(b, s, Math.min(e, s + 12))
                || (e - s > 13 && isEpochMillis(b, s, s + 13) && DELIMITER[b[s + 13] & 0xff]);
    }

    private void carry(byte[] b, int s, int e, long line) {
        int n = e - s;
        if (n > MAX_RECORD) {
            stats.malformed(line, "prefix without a message", UsageDecoder.text(b, s, e));
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
            stats.malformed(carryLine, "wrapped line too long", UsageDecoder.text(carry, 0, carryLength));
            carryLength = 0;
            return;
        }
        if (carry.length < carryLength + n) {
            byte[] bigger = new byte[Math.max(carryLength + n, carry.length * 2)];
            System.arraycopy(carry, 0, bigger, 0, carryLength);
            carry = bigger;
        }
        System.arraycopy(b, s, carry, carryLength, n);
        int length = carryLength + n;
        carryLength = 0;
        line(carry, 0, length, carryLine);
    }

    private static int tokenEnd(byte[] b, int p, int e) {
        while (p < e && !DELIMITER[b[p] & 0xff]) {
            p++;
        }
        return p;
    }

    private static int skipSeparator(byte[] b, int p, int e) {
        p = ReportLineScanner.skipSpace(b, p, e);
        if (p < e && b[p] == ',') {
            p = ReportLineScanner.skipSpace(b, p + 1, e);
        }
        return p;
    }

    private static boolean isBareEpochMillis(byte[] b, int s, int e) {
        int p = ReportLineScanner.skipSpace(b, s, e);
        int end = e;
        while (end > p && ReportLineScanner.isSpace(b[end - 1])) {
            end--;
        }
        return isEpochMillis(b, p, end);
    }

    private static boolean isEpochMillis(byte[] b, int s, int e) {
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
    private static boolean isLogStream(byte[] b, int s, int e) {
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

    /** Whether a line begins a new record (so it cannot continue the pending one). */
    private static boolean startsNewRecord(byte[] b, int p, int e) {
        return Timestamps.startsWithDate(b, p, e) || isLogStream(b, p, Math.min(e, p + 12))
                || (e - p > 13 && isEpochMillis(b, p, p + 13) && DELIMITER[b[p + 13] & 0xff])
                || ReportLineScanner.isReport(b, p, e) || UsageDecoder.platformLineKind(b, p, e) != null
                || UsageDecoder.looksLikeJson(b, p, e);
    }

    /** Whether the line {@code b[s..e)} is the rest of the pending REPORT. */
    private boolean continues(byte[] b, int s, int e) {
        if (pendingParts >= MAX_PARTS || textLength + (e - s) > MAX_RECORD) {
            return false;
        }
        int p = ReportLineScanner.skipSpace(b, s, e);
        if (p >= e || startsNewRecord(b, p, e)) {
            return false;
        }
        if (pendingTruncated) {
            return true; // cut inside a label, a number or its unit
        }
        if (ReportLineScanner.startsWithLabel(b, p, e)) {
            return true; // XRAY TraceId on its own line, or a wrap at a field boundary
        }
        // A wrap inside an id or status: the rest of the word starts the next line. Anything else is a
        // line of its own, even after a report that lacks fields (that report is malformed, not hungry).
        return pendingEndsInWord && p == s;
    }

    private void startPending(byte[] b, int p, int e, long line) {
        pendingFromCli = cliEvents;
        textLength = 0;
        pendingParts = 0;
        pendingTime = prefixTime;
        pendingLine = line;
        hasPending = true;
        append(b, p, e);
    }

    private void append(byte[] b, int s, int e) {
        int n = e - s;
        if (textLength + n > text.length) {
            byte[] bigger = new byte[Math.max(text.length * 2, textLength + n)];
            System.arraycopy(text, 0, bigger, 0, textLength);
            text = bigger;
        }
        System.arraycopy(b, s, text, textLength, n);
        textLength += n;
        pendingParts++;
        pending.reset();
        scanner.scan(text, 0, textLength, pending);
        pendingTruncated = scanner.truncated();
        pendingEndsInWord = scanner.endsInWord();
    }

    private void flush() {
        if (!hasPending) {
            return;
        }
        hasPending = false;
        String problem = decoder.emit(pending, null, pendingTime);
        if (problem != null) {
            stats.malformed(pendingLine, problem, UsageDecoder.text(text, 0, textLength));
        }
        if (text.length > 64 * 1024) {
            text = new byte[1024]; // one huge record must not pin its buffer for the rest of the input
        }
    }

    private static int skipByteOrderMark(byte[] b, int s, int e) {
        if (e - s >= 3 && (b[s] & 0xff) == 0xef && (b[s + 1] & 0xff) == 0xbb && (b[s + 2] & 0xff) == 0xbf) {
            return s + 3;
        }
        return s;
    }
}
