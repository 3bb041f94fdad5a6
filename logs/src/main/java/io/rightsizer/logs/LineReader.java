package io.rightsizer.logs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines without decoding or copying them (the line stays in the reader's buffer until the
 * next call), in memory bounded by the longest line allowed.
 */
final class LineReader {

    /** Lines longer than this are reported as too long and skipped: a log event is at most 256 KiB. */
    static final int MAX_LINE = 1 << 20;
    private static final int INITIAL = 1 << 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int limit;
    private boolean eof;
    private int start;
    private int end;
    private boolean tooLong;
    private long lineNumber;
    /** Whether the lines are read in place from a caller's array (then no line is longer than it). */
    private boolean wholeArray;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the lines of {@code data[0..length)} in place, without copying them. */
    LineReader(byte[] data, int length) {
        this.in = null;
        this.buf = data;
        this.limit = length;
        this.eof = true;
        this.wholeArray = true;
    }

    /** Moves to the next line; false at the end of the input. */
    boolean next() throws IOException {
        tooLong = false;
        int scanFrom = pos;
        while (true) {
            int nl = indexOfNewline(scanFrom, limit);
            if (nl >= 0) {
                setLine(pos, nl);
                pos = nl + 1;
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            scanFrom = limit - pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                if (buf.length >= MAX_LINE) {
                    skipRestOfLongLine();
                    return true;
                }
                byte[] bigger = new byte[Math.min(MAX_LINE, buf.length * 2)];
                System.arraycopy(buf, 0, bigger, 0, limit);
                buf = bigger;
            }
            fill();
        }
    }

    private void skipRestOfLongLine() throws IOException {
        // Keep the start of the line for the error message, drop the rest up to the next newline.
        lineNumber++;
        tooLong = true;
        start = 0;
        end = Math.min(limit, 256);
        byte[] keep = new byte[end];
        System.arraycopy(buf, 0, keep, 0, end);
        while (true) {
            pos = 0;
            limit = 0;
            fill();
            if (limit == 0 && eof) {
                break;
            }
            int nl = indexOfNewline(0, limit);
            if (nl >= 0) {
                pos = nl + 1;
                break;
            }
        }
        // The kept excerpt goes to the front; the unread rest of the buffer moves behind it.
        int rest = limit - pos;
        byte[] next = new byte[Math.max(INITIAL, keep.length + rest)];
        System.arraycopy(keep, 0, next, 0, keep.length);
        System.arraycopy(buf, pos, next, keep.length, rest);
        buf = next;
        pos = keep.length;
        limit = keep.length + rest;
    }

    private void fill() throws IOException {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void setLine(int s, int e) {
        lineNumber++;
        start = s;
        // A line ending in CRLF (Windows exports) ends before the CR.
        end = e > s && buf[e - 1] == '\r' ? e - 1 : e;
        if (wholeArray && end - start > MAX_LINE) {
            tooLong = true;
            end = start + 256;
        }
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        int i = from;
        // Eight bytes at a time (SWAR): the lowest byte flagged by the has-zero-byte trick is the first newline.
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (word - ONES) & ~word & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The buffer holding the current line. */
    byte[] buffer() {
        return buf;
    }

    /** Where the current line starts in {@link #buffer()}. */
    int start() {
        return start;
    }

    /** Where the current line ends in {@link #buffer()} (exclusive, before any CR/LF). */
    int end() {
        return end;
    }

    /** Whether the current line was longer than {@link #MAX_LINE} (then only its start is available). */
    boolean tooLong() {
        return tooLong;
    }

    /** The 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }
}
