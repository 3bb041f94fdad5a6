package io.rightsizer.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level searches over one frame of text (a line, or a JSON string value): where a REPORT or a JSON value
 * starts, which Lambda line kind it is, and the function a {@code /aws/lambda/<name>} log group names.
 *
 * <p>No regular expressions and no copies: these run on every line of the input.
 */
final class FrameText {

    static final byte[] REPORT = ReportLineScanner.ascii("REPORT");
    private static final byte[] REQUEST_ID = ReportLineScanner.ascii("RequestId:");
    private static final byte[] START_WORD = ReportLineScanner.ascii("START");
    private static final byte[] END = ReportLineScanner.ascii("END");
    private static final byte[] INIT_START = ReportLineScanner.ascii("INIT_START");
    private static final byte[] INIT_REPORT = ReportLineScanner.ascii("INIT_REPORT");
    private static final byte[] RESTORE_START = ReportLineScanner.ascii("RESTORE_START");
    private static final byte[] RESTORE_REPORT = ReportLineScanner.ascii("RESTORE_REPORT");
    private static final byte[] EXTENSION = ReportLineScanner.ascii("EXTENSION");
    private static final byte[] TELEMETRY = ReportLineScanner.ascii("TELEMETRY");
    private static final byte[] EVENTS = ReportLineScanner.ascii("EVENTS");
    private static final byte[] LAMBDA_GROUP = ReportLineScanner.ascii("/aws/lambda/");
    private static final byte[] GZIP_BASE64 = ReportLineScanner.ascii("H4sI");
    private static final byte[] REPORT_TYPE = ReportLineScanner.ascii("\"platform.report\"");

    /** Bytes at which one of Lambda's other lines may start. */
    private static final boolean[] TRIGGER = new boolean[256];
    /** Bytes a function name (or a Lambda@Edge log group's {@code region.name}) is made of. */
    private static final boolean[] NAME = new boolean[256];
    /** Bytes a decoration prefix may hold (comment markers, quote markers, table bars, indentation). */
    private static final boolean[] DECORATION = new boolean[256];

    static {
        for (char c : "RSEIT".toCharArray()) {
            TRIGGER[c] = true;
        }
        for (int c = 0; c < 256; c++) {
            NAME[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.';
            DECORATION[c] = ReportLineScanner.isSpace((byte) c) || "#>/*;|-!%".indexOf(c) >= 0;
        }
    }

    /** What {@link #find} found first in a frame. */
    enum Found {
        /** Nothing Lambda wrote: application output. */
        NOTHING,
        /** {@code REPORT RequestId:} (possibly cut by a wrap at the end of the frame). */
        REPORT,
        /** A JSON object or array. */
        JSON,
        /** Another line Lambda writes itself; {@link Search#kind} names it. */
        PLATFORM_LINE,
        /** The base64 text of a gzip payload. */
        BASE64_GZIP
    }

    /** The result of one {@link #find}: what, and where (reused, one per reader). */
    static final class Search {
        Found found;
        int at;
        String kind;
    }

    private FrameText() {
    }

    /**
     * Finds the first REPORT, JSON value or other Lambda line in {@code b[s..e)}; JSON is looked for only from
     * {@code jsonFrom} on (a reader re-reading a frame that was not JSON after all passes {@code e}).
     */
    static void find(byte[] b, int s, int e, int jsonFrom, Search out) {
        out.found = Found.NOTHING;
        out.kind = null;
        // Most reports start the line (plain exports): no search needed.
        if (e - s > 6 && b[s] == 'R' && isReport(b, s, e)) {
            out.found = Found.REPORT;
            out.at = s;
            return;
        }
        int first = ReportLineScanner.skipSpace(b, s, e);
        if (first < e && b[first] == 'H' && ReportLineScanner.startsWith(b, first, e, GZIP_BASE64)) {
            out.found = Found.BASE64_GZIP;
            out.at = first;
            return;
        }
        // First pass, the hot one: a REPORT or a JSON value, whichever comes first. Three bytes to look at.
        for (int i = s; i < e; i++) {
            i = indexOfAny(b, i, e, (byte) 'R', (byte) '{', (byte) '[');
            if (i < 0) {
                break;
            }
            byte c = b[i];
            if (c == 'R') {
                if (isReport(b, i, e)) {
                    out.found = Found.REPORT;
                    out.at = i;
                    return;
                }
            } else if (i >= jsonFrom && looksLikeJson(b, i, e)) {
                out.found = Found.JSON;
                out.at = i;
                return;
            }
        }
        // Second pass: which other line Lambda wrote, if any (START, END, INIT_START, …).
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (!TRIGGER[c & 0xff] || !wordStart(b, s, i)) {
                continue;
            }
            String kind = keywordAt(b, i, e, c);
            if (kind != null) {
                platform(out, i, kind);
                return;
            }
        }
    }

    private static String keywordAt(byte[] b, int i, int e, byte c) {
        switch (c) {
            case 'R':
                if (keyword(b, i, e, RESTORE_START)) {
                    return ParseStats.RESTORE_START;
                }
                return keyword(b, i, e, RESTORE_REPORT) ? ParseStats.RESTORE_REPORT : null;
            case 'S':
                return keywordWithRequestId(b, i, e, START_WORD) ? ParseStats.START : null;
            case 'E':
                if (keywordWithRequestId(b, i, e, END)) {
                    return ParseStats.END;
                }
                return keywordWithName(b, i, e, EXTENSION) ? ParseStats.EXTENSION_LINE : null;
            case 'I':
                if (keyword(b, i, e, INIT_START)) {
                    return ParseStats.INIT_START;
                }
                return keyword(b, i, e, INIT_REPORT) ? ParseStats.INIT_REPORT : null;
            case 'T':
                return keywordWithName(b, i, e, TELEMETRY) ? ParseStats.EXTENSION_LINE : null;
            default:
                return null;
        }
    }

    private static void platform(Search out, int at, String kind) {
        out.found = Found.PLATFORM_LINE;
        out.at = at;
        out.kind = kind;
    }

    /** Whether {@code b[i]} starts a word (so "RESTART" does not read as "START"). */
    private static boolean wordStart(byte[] b, int s, int i) {
        if (i == s) {
            return true;
        }
        byte p = b[i - 1];
        return !((p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z') || (p >= '0' && p <= '9') || p == '_');
    }

    /**
     * Whether {@code b[i..e)} starts {@code REPORT RequestId:}; a frame that ends inside {@code RequestId:} (a wrap
     * cut it) counts once at least {@code REPORT Re} is there.
     */
    static boolean isReport(byte[] b, int i, int e) {
        if (e - i < 9 || !ReportLineScanner.startsWith(b, i, e, REPORT) || !isBlank(b[i + 6])) {
            return false;
        }
        int p = i + 7;
        while (p < e && isBlank(b[p])) {
            p++;
        }
        int n = e - p;
        if (n >= REQUEST_ID.length) {
            return ReportLineScanner.startsWith(b, p, e, REQUEST_ID);
        }
        if (n < 2) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] != REQUEST_ID[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean keyword(byte[] b, int s, int e, byte[] word) {
        return ReportLineScanner.startsWith(b, s, e, word)
                && (s + word.length == e || !NAME[b[s + word.length] & 0xff]);
    }

    private static boolean keywordWithRequestId(byte[] b, int s, int e, byte[] word) {
        if (!ReportLineScanner.startsWith(b, s, e, word) || s + word.length >= e || !isBlank(b[s + word.length])) {
            return false;
        }
        int p = ReportLineScanner.skipSpace(b, s + word.length, e);
        return ReportLineScanner.startsWith(b, p, e, REQUEST_ID);
    }

    /** {@code EXTENSION⇥Name: …} and {@code TELEMETRY⇥Name: …}, as Lambda writes them. */
    private static boolean keywordWithName(byte[] b, int s, int e, byte[] word) {
        if (!ReportLineScanner.startsWith(b, s, e, word) || s + word.length >= e || !isBlank(b[s + word.length])) {
            return false;
        }
        int p = ReportLineScanner.skipSpace(b, s + word.length, e);
        return e - p >= 5 && b[p] == 'N' && b[p + 1] == 'a' && b[p + 2] == 'm' && b[p + 3] == 'e' && b[p + 4] == ':';
    }

    /** The skip kind of a message that is one of Lambda's own lines, or {@code null}. */
    static String platformLineKind(byte[] b, int s, int e) {
        Search search = new Search();
        find(b, s, e, e, search);
        return search.found == Found.PLATFORM_LINE ? search.kind : null;
    }

    /** Whether {@code b[s..e)} opens a JSON object or array (and is not, say, a {@code [INFO]} or {@code [$LATEST]}). */
    static boolean looksLikeJson(byte[] b, int s, int e) {
        if (s >= e || (b[s] != '{' && b[s] != '[')) {
            return false;
        }
        int p = ReportLineScanner.skipSpace(b, s + 1, e);
        if (p >= e) {
            return true;
        }
        byte c = b[p];
        return b[s] == '{' ? c == '"' || c == '}' : c == '{' || c == '[' || c == ']' || c == '"';
    }

    /** Whether {@code b[s..e)} starts with the base64 of gzip data. */
    static boolean looksLikeBase64Gzip(byte[] b, int s, int e) {
        return ReportLineScanner.startsWith(b, s, e, GZIP_BASE64);
    }

    /** Whether the text names a {@code "platform.report"} (then losing it to broken JSON is worth an error). */
    static boolean mentionsReport(byte[] b, int s, int e) {
        for (int i = s; i + REPORT_TYPE.length <= e; i++) {
            if (b[i] == '"' && ReportLineScanner.startsWith(b, i, e, REPORT_TYPE)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code b[s..e)} starts {@code EVENTS⇥} ({@code aws logs get-log-events --output text}). */
    static boolean isCliEvents(byte[] b, int s, int e) {
        return e - s > EVENTS.length && ReportLineScanner.startsWith(b, s, e, EVENTS) && isBlank(b[s + EVENTS.length]);
    }

    /**
     * Where the first {@code /aws/lambda/<name>} in {@code b[s..e)} puts its name, as {@code start << 32 | end}, or
     * -1 when there is none.
     */
    static long lambdaGroupName(byte[] b, int s, int e) {
        int limit = e - LAMBDA_GROUP.length;
        for (int i = s; i < limit; i++) {
            i = indexOfEither(b, i, limit, (byte) '/', (byte) '/');
            if (i < 0) {
                return -1;
            }
            if (b[i + 1] == 'a' && ReportLineScanner.startsWith(b, i, e, LAMBDA_GROUP)) {
                int start = i + LAMBDA_GROUP.length;
                int end = start;
                while (end < e && end - start < 140 && NAME[b[end] & 0xff]) {
                    end++;
                }
                if (end > start) {
                    return (long) start << 32 | end;
                }
            }
        }
        return -1;
    }

    /** The function a {@code /aws/lambda/<name>} anywhere in a value names (an {@code @log} column, an ARN), or null. */
    static String lambdaFunctionIn(String value) {
        if (value == null || value.indexOf("/aws/lambda/") < 0) {
            return null;
        }
        byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        long name = lambdaGroupName(b, 0, b.length);
        if (name < 0) {
            return null;
        }
        int start = (int) (name >>> 32);
        return new String(b, start, (int) name - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * Where the JSON value opening at {@code b[at]} closes (the index after its last bracket), or -1 when it does not
     * close before {@code e}. Strings are skipped, so brackets inside them do not count.
     */
    static int closeOf(byte[] b, int at, int e) {
        int depth = 0;
        boolean inString = false;
        for (int i = at; i < e; i++) {
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
                if (--depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** Whether {@code b[s..e)} holds a slash at all (the cheap test before {@link #lambdaGroupName}). */
    static boolean hasSlash(byte[] b, int s, int e) {
        return indexOfEither(b, s, e, (byte) '/', (byte) '/') >= 0;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** The first index of byte {@code x}, {@code y} or {@code z} in {@code b[s..e)}, or -1; eight bytes at a time. */
    static int indexOfAny(byte[] b, int s, int e, byte x, byte y, byte z) {
        long xs = (x & 0xffL) * ONES;
        long ys = (y & 0xffL) * ONES;
        long zs = (z & 0xffL) * ONES;
        int i = s;
        for (; i + Long.BYTES <= e; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i);
            long a = word ^ xs;
            long c = word ^ ys;
            long d = word ^ zs;
            if (((((a - ONES) & ~a) | ((c - ONES) & ~c) | ((d - ONES) & ~d)) & HIGH_BITS) != 0) {
                break;
            }
        }
        for (; i < e; i++) {
            byte v = b[i];
            if (v == x || v == y || v == z) {
                return i;
            }
        }
        return -1;
    }

    /** The first index of byte {@code x} or {@code y} in {@code b[s..e)}, or -1; eight bytes at a time. */
    static int indexOfEither(byte[] b, int s, int e, byte x, byte y) {
        long xs = (x & 0xffL) * ONES;
        long ys = (y & 0xffL) * ONES;
        int i = s;
        for (; i + Long.BYTES <= e; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i);
            long a = word ^ xs;
            long c = word ^ ys;
            long found = ((a - ONES) & ~a | (c - ONES) & ~c) & HIGH_BITS;
            if (found != 0) {
                // The has-zero-byte trick can flag a byte after a real match, never before one: check from here.
                for (int k = i; k < i + Long.BYTES; k++) {
                    if (b[k] == x || b[k] == y) {
                        return k;
                    }
                }
            }
        }
        for (; i < e; i++) {
            if (b[i] == x || b[i] == y) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a prefix is decoration only (comment markers, quote markers, indentation), repeated on wrapped lines. */
    static boolean isDecoration(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (!DECORATION[b[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a byte can be part of a function name. */
    static boolean isNameByte(byte c) {
        return NAME[c & 0xff];
    }
}
