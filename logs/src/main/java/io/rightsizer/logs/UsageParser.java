package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads usage reports out of whatever logs a user has, leniently, and streams them to a sink in input order, in
 * constant memory: the reader behind {@code rightsizer analyze}.
 *
 * <p>Unwraps first (gzip, also nested or concatenated; UTF-16 with a byte order mark; a base64 payload), then splits
 * the input into frames — text lines, JSON values (also pretty-printed, also escaped inside strings) — and looks
 * for a report anywhere in each: {@code REPORT RequestId:} behind any prefix, a {@code platform.report} event, a
 * {@code record} with {@code metrics}. Each report takes the nearest time and function its frame gives; the caller's
 * default function is the fallback. An invocation read twice (same request id and figures) counts once
 * ({@link DuplicateFilter}). Everything else is counted by kind; garbage is counted as malformed and skipped; only
 * I/O failures of the stream itself throw.
 *
 * <p>Line-oriented inputs larger than a segment are parsed on several threads; the sink is always called on the
 * calling thread, in input order. The ingest function's strict reader is {@link SubscriptionPayloadParser}.
 * Stateless: one instance may serve many threads.
 */
public final class UsageParser {

    private static final int PEEK = 64 * 1024;
    private static final int MAX_GZIP_LAYERS = 3;

    /** How an input is read once its first bytes are known. */
    enum Mode {
        /** Lines of text, each a frame (REPORT text, JSON values, pretty JSON gathered over lines). */
        LINES,
        /** One JSON value too large to gather as a frame (a Telemetry batch, a long export): streamed whole. */
        JSON_DOCUMENT,
        /** The whole input is one base64 text of a gzip payload, wrapped over lines. */
        BASE64_GZIP,
        /** Nothing but whitespace. */
        EMPTY
    }

    private final int threads;
    private final int segmentSize;
    private final int maxUncut;

    /** A parser using every available processor for large inputs. */
    public UsageParser() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A parser using up to {@code threads} threads for large line-oriented inputs (1 reads on the caller's). */
    public UsageParser(int threads) {
        this(threads, ParallelLines.SEGMENT, ParallelLines.MAX_UNCUT);
    }

    /** Tests cut inputs into tiny segments to show that segments read as one pass does. */
    UsageParser(int threads, int segmentSize, int maxUncut) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.threads = threads;
        this.segmentSize = segmentSize;
        this.maxUncut = maxUncut;
    }

    /** Parses one input, dropping copies of an invocation within it; the caller keeps (and closes) the stream. */
    public ParseStats parse(InputStream in, ParseOptions options, UsageSink sink) throws IOException {
        return parse(in, options, sink, new DuplicateFilter());
    }

    /**
     * Parses one input, dropping invocations {@code duplicates} has seen before (pass one filter to every input of
     * a run to count each invocation once across them); the caller keeps (and closes) the stream.
     */
    public ParseStats parse(InputStream in, ParseOptions options, UsageSink sink, DuplicateFilter duplicates)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(duplicates, "duplicates");
        ParseStats stats = new ParseStats();
        String defaultFunction = options == null ? null : options.defaultFunction();
        ReportEmitter.Out out = new Delivery(sink, duplicates, stats);
        read(new BufferedInputStream(new Unclosable(in), PEEK), defaultFunction, out, stats, 0);
        return stats;
    }

    /** The last step of every record: drop copies of invocations seen before, count, hand to the sink. */
    private static final class Delivery implements ReportEmitter.Out {
        /** How many records {@link #reportAll} reads the filter's slots for at once. */
        private static final int BLOCK = 16;

        private final UsageSink sink;
        private final DuplicateFilter duplicates;
        private final ParseStats stats;

        Delivery(UsageSink sink, DuplicateFilter duplicates, ParseStats stats) {
            this.sink = sink;
            this.duplicates = duplicates;
            this.stats = stats;
        }

        @Override
        public void report(InvocationUsage usage) {
            deliver(usage, DuplicateFilter.fingerprintOf(usage));
        }

        @Override
        public void reportAll(List<InvocationUsage> usages, long[] fingerprints) {
            int n = usages.size();
            for (int block = 0; block < n; block += BLOCK) {
                int end = Math.min(n, block + BLOCK);
                // First read the filter's slots for a block of records, back to back: the processor then waits for
                // their cache misses together instead of one after the other.
                for (int i = block; i < end; i++) {
                    duplicates.touch(fingerprints[i]);
                }
                for (int i = block; i < end; i++) {
                    deliver(usages.get(i), fingerprints[i]);
                }
            }
        }

        private void deliver(InvocationUsage usage, long fingerprint) {
            if (duplicates.firstSeen(usage, fingerprint)) {
                stats.countReport();
                sink.accept(usage);
            } else {
                stats.count(ParseStats.DUPLICATE);
            }
        }
    }

    private void read(BufferedInputStream in, String defaultFunction, ReportEmitter.Out out, ParseStats stats,
            int gzipLayers) throws IOException {
        if (isGzip(in)) {
            if (gzipLayers >= MAX_GZIP_LAYERS) {
                stats.malformedRest(0, "gzip nested more than " + MAX_GZIP_LAYERS + " times");
                return;
            }
            GZIPInputStream gzip;
            try {
                gzip = new GZIPInputStream(in, PEEK);
            } catch (ZipException | EOFException e) {
                stats.malformedRest(0, "unreadable gzip header: " + e.getMessage());
                return;
            }
            GzipDataGuard guard = new GzipDataGuard(gzip);
            read(new BufferedInputStream(guard, PEEK), defaultFunction, out, stats, gzipLayers + 1);
            if (guard.failure != null) {
                // Counted after what was read before the damage, which parallel readers hand over later.
                stats.malformedRest(0, "corrupt or truncated gzip data, rest of input not read: " + guard.failure);
            }
            return;
        }
        if (isUtf16(in)) {
            read(new BufferedInputStream(new Utf16Input(in), PEEK), defaultFunction, out, stats, gzipLayers);
            return;
        }
        ReportEmitter emitter = new ReportEmitter(defaultFunction, stats, out);
        switch (detect(in)) {
            case LINES:
                new ParallelLines(threads, segmentSize, maxUncut).read(in, defaultFunction, out, stats);
                break;
            case JSON_DOCUMENT:
                CountingInput counted = new CountingInput(in);
                new JsonFrames(emitter).document(counted, JsonFrames.root(null, null));
                stats.countLines(counted.lines());
                break;
            case BASE64_GZIP:
                // The MIME decoder skips line breaks and anything else outside the alphabet.
                read(new BufferedInputStream(Base64.getMimeDecoder().wrap(in), PEEK), defaultFunction, out, stats,
                        gzipLayers);
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
        // Stop as soon as the first line (or, for JSON, the first value) is there: a slow pipe is not waited on.
        while (n < PEEK && !decided(head, n) && (r = in.read(head, n, PEEK - n)) > 0) {
            n += r;
        }
        in.reset();
        return detect(head, n);
    }

    private static boolean decided(byte[] head, int n) {
        int p = skipBomAndSpace(head, n);
        if (p >= n) {
            return false;
        }
        if (head[p] == '{' || head[p] == '[') {
            return FrameText.closeOf(head, p, n) > 0;
        }
        for (int i = p; i < n; i++) {
            if (head[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    static Mode detect(byte[] head, int n) {
        int p = skipBomAndSpace(head, n);
        if (p >= n) {
            return Mode.EMPTY;
        }
        if (FrameText.looksLikeJson(head, p, n)) {
            // A value that closes within the peek is a frame like any other; a larger one is streamed.
            return FrameText.closeOf(head, p, n) > 0 || n < PEEK ? Mode.LINES : Mode.JSON_DOCUMENT;
        }
        int lineEnd = p;
        while (lineEnd < n && head[lineEnd] != '\n') {
            lineEnd++;
        }
        if (FrameText.looksLikeBase64Gzip(head, p, n)) {
            // One payload printed by `base64` (wrapped at 76 columns) versus one payload per line.
            int length = lineEnd - p - (lineEnd > p && head[lineEnd - 1] == '\r' ? 1 : 0);
            return length == 76 && lineEnd < n ? Mode.BASE64_GZIP : Mode.LINES;
        }
        return Mode.LINES;
    }

    private static int skipBomAndSpace(byte[] head, int n) {
        int p = 0;
        if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            p = 3;
        }
        return ReportLineScanner.skipSpace(head, p, n);
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

    /** Counts the lines a streamed JSON document spans, for the summary of what an input held. */
    private static final class CountingInput extends FilterInputStream {
        private long newlines;
        private boolean any;

        CountingInput(InputStream in) {
            super(in);
        }

        long lines() {
            return any ? newlines + 1 : 0;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                any = true;
                if (c == '\n') {
                    newlines++;
                }
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                if (b[i] == '\n') {
                    newlines++;
                }
            }
            if (n > 0) {
                any = true;
            }
            return n;
        }
    }

    /** Turns corrupt or truncated gzip data into a counted error and an end of input, so what was read counts. */
    private static final class GzipDataGuard extends FilterInputStream {
        private String failure;

        GzipDataGuard(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                return in.read(b, off, len);
            } catch (ZipException | EOFException e) {
                failure = String.valueOf(e.getMessage());
                return -1;
            }
        }
    }
}
