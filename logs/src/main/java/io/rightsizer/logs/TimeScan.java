package io.rightsizer.logs;

import java.time.Instant;

/**
 * Finds the timestamp nearest to the end of a stretch of text (the prefix in front of a REPORT or a JSON value),
 * whatever surrounds it: ISO-8601 date-times with {@code T} or a space, any fraction, {@code Z}, an offset, a
 * {@code UTC} or {@code (+02:00)} suffix or no zone (UTC); and epoch milliseconds. A time of day without a date
 * dates nothing.
 *
 * <p>Also reads the function name {@code pulumi logs} puts in brackets right after its timestamp
 * ({@code 2024-04-05T22:17:50.208+02:00[    orders-handler-5f3e2a1]}). Reused: one per reader, not thread-safe.
 */
final class TimeScan {

    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    /** The last timestamp found by {@link #scan}, or {@code null}. */
    Instant time;
    /** Where the bracketed name after a timestamp starts and ends in the scanned buffer, or -1. */
    int nameStart = -1;
    int nameEnd = -1;

    private long epochSecond;
    private int nanos;

    /** Scans {@code b[s..e)}; the result is in {@link #time} and the name fields. */
    void scan(byte[] b, int s, int e) {
        time = null;
        nameStart = -1;
        nameEnd = -1;
        int i = s;
        while (i < e) {
            byte c = b[i];
            if (!isDigit(c) || (i > s && isDigit(b[i - 1]))) {
                i++;
                continue;
            }
            if (e - i >= 19 && b[i + 4] == '-' && b[i + 7] == '-') {
                int end = iso(b, i, e);
                if (end > 0) {
                    time = Instant.ofEpochSecond(epochSecond, nanos);
                    bracketName(b, end, e);
                    i = end;
                    continue;
                }
            }
            int j = i;
            while (j < e && isDigit(b[j])) {
                j++;
            }
            // Epoch milliseconds stand alone: thirteen digits inside a hex id or a word are no time.
            if (j - i == 13 && (i == s || !isLetter(b[i - 1])) && (j == e || !isLetter(b[j]))) {
                long ms = 0;
                for (int k = i; k < j; k++) {
                    ms = ms * 10 + (b[k] - '0');
                }
                time = Instant.ofEpochMilli(ms);
            }
            i = j;
        }
    }

    /**
     * Parses the date-time starting exactly at {@code b[p]} into {@link #time}; returns where it ends, or -1 (and
     * {@code null}) when there is none.
     */
    int isoAt(byte[] b, int p, int e) {
        int end = e - p >= 19 ? iso(b, p, e) : -1;
        time = end > 0 ? Instant.ofEpochSecond(epochSecond, nanos) : null;
        return end;
    }

    /** Parses a date-time starting at {@code b[p]}; returns where it ends, or -1 when it is not one. */
    private int iso(byte[] b, int p, int e) {
        if (!Timestamps.startsWithDate(b, p, e)) {
            return -1;
        }
        byte sep = b[p + 10];
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return -1;
        }
        int t = p + 11;
        if (!Timestamps.startsWithTime(b, t, e)) {
            return -1;
        }
        int minute = num(b, t + 3, 2);
        int second = num(b, t + 6, 2);
        long hourStart;
        if (sameHour(b, p)) {
            // Log lines come in time order: most share the date and hour of the line before.
            hourStart = lastHourStart;
        } else {
            int year = num(b, p, 4);
            int month = num(b, p + 5, 2);
            int day = num(b, p + 8, 2);
            int hour = num(b, t, 2);
            if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) {
                return -1;
            }
            hourStart = Timestamps.epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L;
            System.arraycopy(b, p, lastHour, 0, 13);
            lastHourStart = hourStart;
        }
        if (minute > 59 || second > 60) {
            return -1;
        }
        int q = t + 8;
        int n = 0;
        if (q + 1 < e && (b[q] == '.' || b[q] == ',') && isDigit(b[q + 1])) {
            q++;
            int digits = 0;
            while (q < e && isDigit(b[q])) {
                if (digits < 9) {
                    n = n * 10 + (b[q] - '0');
                }
                digits++;
                q++;
            }
            if (digits < 9) {
                n *= POW10[9 - digits];
            }
        }
        int offset = 0;
        if (q < e && (b[q] == 'Z' || b[q] == 'z')) {
            q++;
        } else if (q < e && (b[q] == '+' || b[q] == '-') && q + 2 < e && isDigit(b[q + 1]) && isDigit(b[q + 2])) {
            int end = offset(b, q, e);
            if (end > 0) {
                q = end;
                offset = parsedOffset;
            }
        } else if (e - q >= 4 && b[q] == ' ' && b[q + 1] == 'U' && b[q + 2] == 'T' && b[q + 3] == 'C') {
            q += 4;
        } else if (e - q >= 9 && b[q] == ' ' && b[q + 1] == '(' && (b[q + 2] == '+' || b[q + 2] == '-')) {
            // serverless prints "2024-04-05 20:17:50.101 (+02:00)"
            int end = offset(b, q + 2, e);
            if (end > 0 && end < e && b[end] == ')') {
                q = end + 1;
                offset = parsedOffset;
            }
        }
        epochSecond = hourStart + minute * 60L + Math.min(second, 59) - offset;
        nanos = n;
        return q;
    }

    private int parsedOffset;
    /** The date and hour ({@code yyyy-MM-ddTHH}) last parsed, and the epoch second it starts at. */
    private final byte[] lastHour = new byte[13];
    private long lastHourStart = Long.MIN_VALUE;

    private boolean sameHour(byte[] b, int p) {
        if (lastHourStart == Long.MIN_VALUE) {
            return false;
        }
        for (int i = 12; i >= 0; i--) {
            if (i != 10 && b[p + i] != lastHour[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code ±HH[:MM|MM]} at {@code b[q]}; returns its end and sets {@link #parsedOffset}, or -1. */
    private int offset(byte[] b, int q, int e) {
        int sign = b[q] == '-' ? -1 : 1;
        if (q + 2 >= e || !isDigit(b[q + 1]) || !isDigit(b[q + 2])) {
            return -1;
        }
        int hours = num(b, q + 1, 2);
        int p = q + 3;
        int minutes = 0;
        if (p < e && b[p] == ':') {
            p++;
        }
        if (p + 1 < e && isDigit(b[p]) && isDigit(b[p + 1])) {
            minutes = num(b, p, 2);
            p += 2;
        } else if (b[p - 1] == ':') {
            p--;
        }
        if (hours > 18 || minutes > 59) {
            return -1;
        }
        parsedOffset = sign * (hours * 3600 + minutes * 60);
        return p;
    }

    /** {@code [    name]} right after a timestamp (pulumi logs). */
    private void bracketName(byte[] b, int p, int e) {
        if (p >= e || b[p] != '[') {
            return;
        }
        int q = p + 1;
        while (q < e && b[q] == ' ') {
            q++;
        }
        int start = q;
        while (q < e && FrameText.isNameByte(b[q])) {
            q++;
        }
        if (q > start && q < e && b[q] == ']') {
            nameStart = start;
            nameEnd = q;
        }
    }

    private static int num(byte[] b, int s, int n) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isDigit(byte c) {
        return (c - '0' & 0xff) <= 9;
    }
}
