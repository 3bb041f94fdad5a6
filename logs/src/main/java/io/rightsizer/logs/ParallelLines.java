package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a large line-oriented input on several threads: the input is cut into segments of about
 * {@value #SEGMENT} bytes, each cut in front of a line that starts a record of its own (a REPORT in column one, a
 * timestamp or log stream in column one, an {@code EVENTS} line) and does not follow a line
 * holding only a prefix, so every segment reads exactly as it would in one pass. Segments are parsed in parallel;
 * their records and counts are handed over in input order on the calling thread.
 *
 * <p>Memory: at most one segment per thread in flight, and the one being handed over. An input with no place to cut for {@value #MAX_UNCUT}
 * bytes is read on the calling thread from there on.
 */
final class ParallelLines {

    static final int SEGMENT = 1 << 18;
    static final int MAX_UNCUT = 4 << 20;

    private final int threads;
    private final int segmentSize;
    private final int maxUncut;

    ParallelLines(int threads, int segmentSize, int maxUncut) {
        this.threads = threads;
        this.segmentSize = segmentSize;
        this.maxUncut = maxUncut;
    }

    /**
     * What one segment gave: its records in order with their fingerprints (taken here, on the segment's thread,
     * so the one thread that hands records over only looks them up), its counts and its line count.
     */
    private static class Segment implements ReportEmitter.Out {
        /** The bytes the segment was read from, for the next segment to reuse once this one is handed over. */
        byte[] data;
        final List<InvocationUsage> reports = new ArrayList<>();
        long[] fingerprints = new long[256];
        final ParseStats stats = new ParseStats();

        @Override
        public void report(InvocationUsage usage) {
            if (reports.size() == fingerprints.length) {
                fingerprints = Arrays.copyOf(fingerprints, fingerprints.length * 2);
            }
            fingerprints[reports.size()] = DuplicateFilter.fingerprintOf(usage);
            reports.add(usage);
        }
    }

    /** Reads {@code in} to its end; records go to {@code out}, counts to {@code stats}, in input order. */
    void read(InputStream in, String defaultFunction, ReportEmitter.Out out, ParseStats stats) throws IOException {
        byte[] buf = new byte[segmentSize];
        int len = fill(in, buf, 0);
        if (len < buf.length) {
            // Smaller than one segment: no thread is worth starting.
            Segment only = parse(buf, len, defaultFunction, true);
            merge(only, out, stats, 0, new ArrayDeque<>());
            return;
        }
        // One thread parses on the caller's thread, segment by segment, so records are still handed over in batches.
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rightsizer-parse");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Segment>> inFlight = new ArrayDeque<>();
        // Buffers of handed-over segments, reused: copying the whole input into fresh arrays doubled what the
        // young generation had to collect.
        ArrayDeque<byte[]> spare = new ArrayDeque<>();
        long lineBase = 0;
        boolean eof = false;
        try {
            while (true) {
                int cut = eof ? len : lastCut(buf, len);
                if (cut <= 0) {
                    if (len >= maxUncut) {
                        // Nowhere to cut: read the rest here, in one pass, after what is in flight.
                        while (!inFlight.isEmpty()) {
                            lineBase = merge(take(inFlight), out, stats, lineBase, spare);
                        }
                        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buf, 0, len), in);
                        readRest(rest, defaultFunction, out, stats, lineBase);
                        return;
                    }
                    byte[] bigger = new byte[buf.length * 2];
                    System.arraycopy(buf, 0, bigger, 0, len);
                    buf = bigger;
                    int n = fill(in, buf, len);
                    eof = n < buf.length;
                    len = n;
                    continue;
                }
                byte[] segment = buf;
                int segmentLength = cut;
                boolean last = eof && cut == len;
                inFlight.add(pool == null
                        ? CompletableFuture.completedFuture(parse(segment, segmentLength,
                                defaultFunction, last))
                        : pool.submit(() -> parse(segment, segmentLength, defaultFunction, last)));
                if (eof && cut == len) {
                    break;
                }
                while (inFlight.size() > threads) {
                    lineBase = merge(take(inFlight), out, stats, lineBase, spare);
                }
                int rest = len - cut;
                byte[] next = rest + segmentSize / 4 <= segmentSize && !spare.isEmpty() ? spare.pop()
                        : new byte[Math.max(segmentSize, rest + segmentSize / 4)];
                System.arraycopy(buf, cut, next, 0, rest);
                int n = fill(in, next, rest);
                eof = n < next.length;
                buf = next;
                len = n;
            }
            while (!inFlight.isEmpty()) {
                lineBase = merge(take(inFlight), out, stats, lineBase, spare);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private long merge(Segment segment, ReportEmitter.Out out, ParseStats stats, long lineBase,
            ArrayDeque<byte[]> spare) {
        out.reportAll(segment.reports, segment.fingerprints);
        stats.mergeShifted(segment.stats, lineBase);
        if (segment.data != null && segment.data.length == segmentSize) {
            spare.push(segment.data);
        }
        return lineBase + segment.stats.lines();
    }

    private static Segment take(ArrayDeque<Future<Segment>> inFlight) throws IOException {
        Future<Segment> next = inFlight.poll();
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while parsing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    private static Segment parse(byte[] data, int length, String defaultFunction, boolean last) {
        Segment segment = new Segment();
        segment.data = data;
        ReportEmitter emitter = new ReportEmitter(defaultFunction, segment.stats, segment);
        try {
            new LineFrames(emitter, new JsonFrames(emitter)).read(new LineReader(data, length), last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return segment;
    }

    /** Reads the rest of the input on this thread, handing records over in small batches as they come. */
    private static void readRest(InputStream in, String defaultFunction, ReportEmitter.Out out, ParseStats stats,
            long lineBase) throws IOException {
        ParseStats rest = new ParseStats();
        Segment batch = new Segment() {
            @Override
            public void report(InvocationUsage usage) {
                super.report(usage);
                if (reports.size() == 1024) {
                    out.reportAll(reports, fingerprints);
                    reports.clear();
                }
            }
        };
        ReportEmitter emitter = new ReportEmitter(defaultFunction, rest, batch);
        new LineFrames(emitter, new JsonFrames(emitter)).read(new LineReader(in));
        out.reportAll(batch.reports, batch.fingerprints);
        stats.mergeShifted(rest, lineBase);
    }

    private static int fill(InputStream in, byte[] buf, int from) throws IOException {
        int n = from;
        int r;
        while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
            n += r;
        }
        return n;
    }

    /**
     * The last place in {@code b[0..len)} where a segment can end: the start of a line that begins a record of its
     * own, after a line that is complete in itself; 0 when there is none.
     */
    static int lastCut(byte[] b, int len) {
        int lineEnd = len;
        for (int i = len - 1; i > 0; i--) {
            if (b[i - 1] != '\n') {
                continue;
            }
            int start = i;
            int end = nextNewline(b, start, lineEnd);
            if (startsRecord(b, start, end)) {
                int prevEnd = start - 1;
                if (prevEnd > 0 && b[prevEnd - 1] == '\r') {
                    prevEnd--;
                }
                int prevStart = prevEnd;
                while (prevStart > 0 && b[prevStart - 1] != '\n') {
                    prevStart--;
                }
                if (!LineFrames.isCarry(b, prevStart, prevEnd)) {
                    return start;
                }
            }
            lineEnd = i - 1;
        }
        return 0;
    }

    private static int nextNewline(byte[] b, int from, int to) {
        int limit = Math.min(to, from + 64);
        for (int i = from; i < limit; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return limit;
    }

    /** Whether a line, in column one, starts a record that no earlier line can continue. */
    private static boolean startsRecord(byte[] b, int s, int e) {
        if (e - s < 12) {
            return false;
        }
        byte c = b[s];
        if (c >= '0' && c <= '9') {
            return Timestamps.startsWithDate(b, s, e) || LineFrames.isLogStream(b, s, e);
        }
        return FrameText.isReport(b, s, e) || FrameText.isCliEvents(b, s, e);
    }
}
