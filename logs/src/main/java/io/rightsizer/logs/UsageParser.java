package io.rightsizer.logs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Detects an input's format and streams its usage records to a sink, one at a time, in constant memory.
 *
 * <p>Formats: gzip or not; UTF-8 or UTF-16 with a byte order mark; REPORT text (plain, or prefixed by {@code aws logs tail}, {@code sam logs}, console
 * copies, wrapped by a terminal); JSON lines (Telemetry events, JSON-format CloudWatch logs); a JSON array (a
 * Telemetry API batch); one pretty-printed object; CloudWatch Logs subscription payloads (decoded, gzip, or base64
 * {@code {"awslogs":{"data":…}}} events); {@code aws logs get-log-events} / {@code filter-log-events} output.
 * Garbage is counted as malformed and skipped; only I/O failures of the stream itself throw. Stateless: one
 * instance may serve many threads.
 */
public final class UsageParser {

    private static final int PEEK = 64 * 1024;
    private static final int MAX_GZIP_LAYERS = 3;

    /** How an input is read once its first bytes are known. */
    enum Mode {
        /** One record per line: REPORT text, with or without prefixes, or JSON lines. */
        LINES,
        /** Like {@link #LINES}, but the first line was JSON: a broken JSON line is malformed. */
        JSON_LINES,
        /** One or more JSON documents spanning lines (an array, a pretty-printed object). */
        JSON_DOCUMENT,
        /** The whole input is one base64 text of a gzip payload, wrapped over lines. */
        BASE64_GZIP,
        /** Nothing but whitespace. */
        EMPTY
    }

    /** Parses one input; the caller keeps ownership of (and closes) the stream. */
    public ParseStats parse(InputStream in, ParseOptions options, UsageSink sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        ParseStats stats = new ParseStats();
        UsageDecoder decoder = new UsageDecoder(options == null ? new ParseOptions(null) : options, sink, stats);
        read(new BufferedInputStream(new Unclosable(in), PEEK), decoder, 0);
        return stats;
    }

    private void read(BufferedInputStream in, UsageDecoder decoder, int gzipLayers) throws IOException {
        if (isGzip(in)) {
            if (gzipLayers >= MAX_GZIP_LAYERS) {
                decoder.stats().malformedRest(0, "gzip nested more than " + MAX_GZIP_LAYERS + " times");
                return;
            }
            GZIPInputStream gzip;
            try {
                gzip = new GZIPInputStream(in, PEEK);
            } catch (ZipException | EOFException e) {
                decoder.stats().malformedRest(0, "unreadable gzip header: " + e.getMessage());
                return;
            }
            read(new BufferedInputStream(new GzipDataGuard(gzip, decoder.stats()), PEEK), decoder, gzipLayers + 1);
            return;
        }
        if (isUtf16(in)) {
            read(new BufferedInputStream(new Utf16Input(in), PEEK), decoder, gzipLayers);
            return;
        }
        switch (detect(in)) {
            case LINES:
                new TextInput(decoder, false).read(new LineReader(in));
                break;
            case JSON_LINES:
                new TextInput(decoder, true).read(new LineReader(in));
                break;
            case JSON_DOCUMENT:
                decoder.document(in);
                break;
            case BASE64_GZIP:
                // The MIME decoder skips line breaks and anything else outside the alphabet.
                read(new BufferedInputStream(Base64.getMimeDecoder().wrap(in), PEEK), decoder, gzipLayers);
                break;
            default:
                break;
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }

    private static boolean isUtf16(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return Utf16Input.startsWithByteOrderMark(a, b);
    }

    /** Looks at the first bytes (at most 64 KiB) without consuming them. */
    static Mode detect(BufferedInputStream in) throws IOException {
        in.mark(PEEK);
        byte[] head = new byte[PEEK];
        int n = 0;
        int r;
        // The first line decides; stop there so that a slow pipe is not waited on for 64 KiB.
        while (n < PEEK && !hasFirstLine(head, n) && (r = in.read(head, n, PEEK - n)) > 0) {
            n += r;
        }
        in.reset();
        return detect(head, n);
    }

    private static boolean hasFirstLine(byte[] head, int n) {
        boolean content = false;
        for (int i = 0; i < n; i++) {
            if (head[i] == '\n') {
                if (content) {
                    return true;
                }
            } else if (!ReportLineScanner.isSpace(head[i])) {
                content = true;
            }
        }
        return false;
    }

    static Mode detect(byte[] head, int n) {
        int p = 0;
        if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            p = 3;
        }
        p = ReportLineScanner.skipSpace(head, p, n);
        if (p >= n) {
            return Mode.EMPTY;
        }
        int lineEnd = p;
        while (lineEnd < n && head[lineEnd] != '\n') {
            lineEnd++;
        }
        if (UsageDecoder.looksLikeJson(head, p, n)) {
            return singleValueLine(head, p, lineEnd, n) ? Mode.JSON_LINES : Mode.JSON_DOCUMENT;
        }
        if (UsageDecoder.looksLikeBase64Gzip(head, p, n)) {
            // One payload printed by `base64` (wrapped at 76 columns) versus one payload per line.
            int length = lineEnd - p - (lineEnd > p && head[lineEnd - 1] == '\r' ? 1 : 0);
            return length == 76 && lineEnd < n ? Mode.BASE64_GZIP : Mode.LINES;
        }
        return Mode.LINES;
    }

    /** Whether the first line holds exactly one complete JSON value (then the input is JSON lines). */
    private static boolean singleValueLine(byte[] b, int p, int lineEnd, int n) {
        if (lineEnd >= n && n == PEEK) {
            return false; // a first line longer than the peek: one compact document
        }
        int depth = 0;
        boolean inString = false;
        for (int i = p; i < lineEnd; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return ReportLineScanner.skipSpace(b, i + 1, lineEnd) == lineEnd;
                }
            }
        }
        return false;
    }

    /** Keeps the caller's stream open when our wrappers are closed. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }

    /** Turns corrupt or truncated gzip data into a counted error and an end of input, so what was read counts. */
    private static final class GzipDataGuard extends FilterInputStream {
        private final ParseStats stats;
        private boolean failed;

        GzipDataGuard(InputStream in, ParseStats stats) {
            super(in);
            this.stats = stats;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failed) {
                return -1;
            }
            try {
                return in.read(b, off, len);
            } catch (ZipException | EOFException e) {
                failed = true;
                stats.malformedRest(0, "corrupt or truncated gzip data, rest of input not read: " + e.getMessage());
                return -1;
            }
        }
    }
}
