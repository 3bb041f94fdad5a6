package io.rightsizer.logs;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of a plain-text {@code REPORT} line by hand (no regular expressions: this is the hot path).
 *
 * <p>Fields are found by their labels in any order and separated by any whitespace, so a space where Lambda wrote a
 * tab, a trailing tab, {@code Init Duration} before {@code Duration}, an embedded newline before {@code XRAY TraceId}
 * and two wrapped halves glued back together all read the same.
 */
final class ReportLineScanner {

    private static final byte[] REPORT = ascii("REPORT");
    private static final byte[] REQUEST_ID = ascii("RequestId:");
    private static final byte[] DURATION = ascii("Duration:");
    private static final byte[] BILLED_DURATION = ascii("Billed Duration:");
    private static final byte[] BILLED_RESTORE_DURATION = ascii("Billed Restore Duration:");
    private static final byte[] MEMORY_SIZE = ascii("Memory Size:");
    private static final byte[] MAX_MEMORY_USED = ascii("Max Memory Used:");
    private static final byte[] INIT_DURATION = ascii("Init Duration:");
    private static final byte[] RESTORE_DURATION = ascii("Restore Duration:");
    private static final byte[] STATUS = ascii("Status:");
    private static final byte[] ERROR_TYPE = ascii("Error Type:");
    private static final byte[] XRAY_TRACE_ID = ascii("XRAY TraceId:");
    private static final byte[] SEGMENT_ID = ascii("SegmentId:");
    private static final byte[] SAMPLED = ascii("Sampled:");
    private static final byte[][] LABELS = {REQUEST_ID, DURATION, BILLED_DURATION, BILLED_RESTORE_DURATION,
        MEMORY_SIZE, MAX_MEMORY_USED, INIT_DURATION, RESTORE_DURATION, STATUS, ERROR_TYPE, XRAY_TRACE_ID, SEGMENT_ID,
        SAMPLED};
    private static final byte[] MS = ascii("ms");
    private static final byte[] MB = ascii("MB");

    /** Whitespace by byte value: a table lookup is cheaper than six comparisons on the hot path. */
    private static final boolean[] SPACE = new boolean[256];

    static {
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0b}) {
            SPACE[c] = true;
        }
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18};

    /** The text ended inside a field (a label without its value, a number without its unit): more may follow. */
    private boolean truncated;
    /** The text ended inside a word value (an id, a status): a wrapped line may continue the word. */
    private boolean endsInWord;
    /** The text held words that are no field (a newer field, or what a tool printed after the message). */
    private boolean unknownText;

    // Number scanning results, kept in fields so that no object is allocated per value.
    private long mantissa;
    private int scale;
    private int numberEnd;

    /**
     * Whether {@code b[s..e)} starts a REPORT record: {@code REPORT RequestId:}, or a line a wrap cut inside those
     * words (an application's own "REPORT generated" line is not one).
     */
    static boolean isReport(byte[] b, int s, int e) {
        if (!startsWith(b, s, e, REPORT) || s + REPORT.length >= e || !isSpace(b[s + REPORT.length])) {
            return false;
        }
        int p = skipSpace(b, s + REPORT.length, e);
        int n = Math.min(e - p, REQUEST_ID.length);
        return regionEquals(b, p, REQUEST_ID, n);
    }

    /** Whether {@code b[s..e)} starts with a label of a REPORT field (a wrapped line's continuation). */
    static boolean startsWithLabel(byte[] b, int s, int e) {
        return label(b, s, e) != null;
    }

    /** Whether the last scan ended inside a field (so the next line may continue it). */
    boolean truncated() {
        return truncated;
    }

    /** Whether the last scan ended inside a word value, with no whitespace after it. */
    boolean endsInWord() {
        return endsInWord;
    }

    /** Whether the last scan stepped over words that are no field. */
    boolean sawUnknownText() {
        return unknownText;
    }

    /**
     * Reads the REPORT line {@code b[s..e)} (starting at the {@code REPORT} keyword) into {@code f}, which the caller
     * has reset.
     */
    void scan(byte[] b, int s, int e, ReportFields f) {
        truncated = false;
        endsInWord = false;
        unknownText = false;
        int p = s + REPORT.length;
        while (true) {
            p = skipSpace(b, p, e);
            if (p >= e) {
                return;
            }
            byte[] label = label(b, p, e);
            if (label == null) {
                if (isLabelPrefix(b, p, e)) {
                    truncated = true;
                    return;
                }
                // Unknown text (a field newer than this code): step over one word and look again.
                unknownText = true;
                while (p < e && !isSpace(b[p])) {
                    p++;
                }
                endsInWord = p == e;
                continue;
            }
            p = skipSpace(b, p + label.length, e);
            endsInWord = false;
            if (p >= e) {
                truncated = true;
                return;
            }
            if (label == REQUEST_ID) {
                int end = wordEnd(b, p, e);
                f.requestId = new String(b, p, end - p, StandardCharsets.ISO_8859_1);
                endsInWord = end == e;
                p = end;
            } else if (label == STATUS) {
                int end = wordEnd(b, p, e);
                f.status = status(b, p, end);
                endsInWord = end == e;
                p = end;
            } else if (label == ERROR_TYPE) {
                int end = wordEnd(b, p, e);
                f.errorType = errorType(b, p, end);
                endsInWord = end == e;
                p = end;
            } else if (label == XRAY_TRACE_ID || label == SEGMENT_ID || label == SAMPLED) {
                p = wordEnd(b, p, e);
                endsInWord = p == e;
            } else {
                boolean memory = label == MEMORY_SIZE || label == MAX_MEMORY_USED;
                if (!number(b, p, e)) {
                    f.bad("unreadable " + new String(label, 0, label.length - 1, StandardCharsets.US_ASCII));
                    p = wordEnd(b, p, e);
                    continue;
                }
                byte[] unit = memory ? MB : MS;
                if (numberEnd < e && !isSpace(b[numberEnd])
                        && !startsWithIgnoreCase(b, numberEnd, e, unit, Math.min(unit.length, e - numberEnd))) {
                    // "1e200", "12.5.3", "512MBytes": digits glued to something that is not the unit are no figure.
                    f.bad("unreadable " + new String(label, 0, label.length - 1, StandardCharsets.US_ASCII));
                    p = wordEnd(b, numberEnd, e);
                    continue;
                }
                p = skipSpace(b, numberEnd, e);
                if (p >= e || (e - p < unit.length && startsWithIgnoreCase(b, p, e, unit, e - p))) {
                    // "Max Memory Used: 7" at the end of a wrapped line may be 74 once the next line is read.
                    truncated = true;
                    return;
                }
                if (startsWithIgnoreCase(b, p, e, unit, unit.length)) {
                    p += unit.length;
                }
                store(label, f);
            }
        }
    }

    private void store(byte[] label, ReportFields f) {
        double value = scale == 0 ? mantissa : mantissa / POW10[scale];
        if (label == DURATION) {
            f.duration(value);
        } else if (label == BILLED_DURATION) {
            f.billed(value, "Billed Duration");
        } else if (label == MEMORY_SIZE) {
            f.memorySize(value, "Memory Size");
        } else if (label == MAX_MEMORY_USED) {
            f.maxMemoryUsed(value, "Max Memory Used");
        } else if (label == INIT_DURATION) {
            f.init(value);
        } else if (label == RESTORE_DURATION) {
            f.restore(value);
        }
        // Billed Restore Duration is read (so that it is not taken for unknown text) but not kept.
    }

    /** Reads {@code digits[.digits]} at {@code p}; false when there is no number there or it is too long. */
    private boolean number(byte[] b, int p, int e) {
        long m = 0;
        int sc = 0;
        int digits = 0;
        int i = p;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            m = m * 10 + (b[i] - '0');
            digits++;
            i++;
        }
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                m = m * 10 + (b[i] - '0');
                digits++;
                sc++;
                i++;
            }
        }
        if (digits == 0 || digits > 18) {
            return false;
        }
        mantissa = m;
        scale = sc;
        numberEnd = i;
        return true;
    }

    private static byte[] label(byte[] b, int p, int e) {
        switch (b[p]) {
            case 'D':
                return startsWith(b, p, e, DURATION) ? DURATION : null;
            case 'B':
                if (startsWith(b, p, e, BILLED_DURATION)) {
                    return BILLED_DURATION;
                }
                return startsWith(b, p, e, BILLED_RESTORE_DURATION) ? BILLED_RESTORE_DURATION : null;
            case 'M':
                if (startsWith(b, p, e, MEMORY_SIZE)) {
                    return MEMORY_SIZE;
                }
                return startsWith(b, p, e, MAX_MEMORY_USED) ? MAX_MEMORY_USED : null;
            case 'I':
                return startsWith(b, p, e, INIT_DURATION) ? INIT_DURATION : null;
            case 'R':
                if (startsWith(b, p, e, REQUEST_ID)) {
                    return REQUEST_ID;
                }
                return startsWith(b, p, e, RESTORE_DURATION) ? RESTORE_DURATION : null;
            case 'S':
                if (startsWith(b, p, e, STATUS)) {
                    return STATUS;
                }
                if (startsWith(b, p, e, SEGMENT_ID)) {
                    return SEGMENT_ID;
                }
                return startsWith(b, p, e, SAMPLED) ? SAMPLED : null;
            case 'E':
                return startsWith(b, p, e, ERROR_TYPE) ? ERROR_TYPE : null;
            case 'X':
                return startsWith(b, p, e, XRAY_TRACE_ID) ? XRAY_TRACE_ID : null;
            default:
                return null;
        }
    }

    /** Whether all of {@code b[p..e)} is the beginning of a label, cut by the end of the line. */
    private static boolean isLabelPrefix(byte[] b, int p, int e) {
        int n = e - p;
        for (byte[] label : LABELS) {
            if (n < label.length && regionEquals(b, p, label, n)) {
                return true;
            }
        }
        return false;
    }

    private static String status(byte[] b, int s, int e) {
        if (equalsIgnoreCase(b, s, e, "error")) {
            return "error";
        }
        if (equalsIgnoreCase(b, s, e, "timeout")) {
            return "timeout";
        }
        if (equalsIgnoreCase(b, s, e, "success")) {
            return "success";
        }
        if (equalsIgnoreCase(b, s, e, "failure")) {
            return "failure";
        }
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private static String errorType(byte[] b, int s, int e) {
        if (equalsIgnoreCase(b, s, e, "Runtime.OutOfMemory")) {
            return "Runtime.OutOfMemory";
        }
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private static boolean equalsIgnoreCase(byte[] b, int s, int e, String text) {
        if (e - s != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.toLowerCase((char) (b[s + i] & 0xff)) != Character.toLowerCase(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWith(byte[] b, int p, int e, byte[] prefix) {
        if (e - p < prefix.length) {
            return false;
        }
        return regionEquals(b, p, prefix, prefix.length);
    }

    private static boolean regionEquals(byte[] b, int p, byte[] prefix, int n) {
        for (int i = 0; i < n; i++) {
            if (b[p + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int p, int e, byte[] prefix, int n) {
        if (e - p < n || n > prefix.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((b[p + i] | 0x20) != (prefix[i] | 0x20)) {
                return false;
            }
        }
        return true;
    }

    static int skipSpace(byte[] b, int p, int e) {
        while (p < e && isSpace(b[p])) {
            p++;
        }
        return p;
    }

    private static int wordEnd(byte[] b, int p, int e) {
        while (p < e && !isSpace(b[p])) {
            p++;
        }
        return p;
    }

    static boolean isSpace(byte c) {
        return SPACE[c & 0xff];
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
