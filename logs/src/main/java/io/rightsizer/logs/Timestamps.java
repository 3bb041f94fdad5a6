package io.rightsizer.logs;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads the ISO-8601 timestamps log tools print, without regular expressions or formatters on the hot path. */
final class Timestamps {

    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    private Timestamps() {
    }

    /** Whether {@code b[s..e)} has the shape {@code yyyy-MM-dd} (a date, maybe followed by more). */
    static boolean startsWithDate(byte[] b, int s, int e) {
        // The dashes first: they reject log stream names and words at the first or second byte looked at.
        return e - s >= 10 && b[s + 4] == '-' && b[s + 7] == '-' && isDigit(b[s]) && isDigit(b[s + 1])
                && isDigit(b[s + 2]) && isDigit(b[s + 3]) && isDigit(b[s + 5]) && isDigit(b[s + 6])
                && isDigit(b[s + 8]) && isDigit(b[s + 9]);
    }

    /** Whether {@code b[s..e)} has the shape {@code HH:mm:ss} (a time of day, maybe followed by more). */
    static boolean startsWithTime(byte[] b, int s, int e) {
        return e - s >= 8 && b[s + 2] == ':' && b[s + 5] == ':' && isDigit(b[s]) && isDigit(b[s + 1])
                && isDigit(b[s + 3]) && isDigit(b[s + 4]) && isDigit(b[s + 6]) && isDigit(b[s + 7]);
    }

    /**
     * Parses {@code yyyy-MM-dd'T'HH:mm:ss[.fraction][Z|±HH:mm|±HHmm|±HH]} filling exactly {@code b[s..e)}; a missing
     * zone means UTC (what {@code sam logs} prints). Returns {@code null} when the text is not such a timestamp.
     */
    static Instant parse(byte[] b, int s, int e) {
        if (!startsWithDate(b, s, e) || e - s < 19 || (b[s + 10] != 'T' && b[s + 10] != 't' && b[s + 10] != ' ')) {
            return null;
        }
        return parse(b, s, s + 11, e);
    }

    /** Parses a date at {@code b[dateStart..)} and a time-of-day and zone filling {@code b[timeStart..e)}. */
    static Instant parse(byte[] b, int dateStart, int timeStart, int e) {
        if (timeStart - dateStart < 10 || !startsWithDate(b, dateStart, dateStart + 10)
                || !startsWithTime(b, timeStart, e)) {
            return null;
        }
        int year = num(b, dateStart, 4);
        int month = num(b, dateStart + 5, 2);
        int day = num(b, dateStart + 8, 2);
        int hour = num(b, timeStart, 2);
        int minute = num(b, timeStart + 3, 2);
        int second = num(b, timeStart + 6, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        int p = timeStart + 8;
        int nanos = 0;
        if (p < e && (b[p] == '.' || b[p] == ',')) {
            p++;
            int digits = 0;
            while (p < e && isDigit(b[p])) {
                if (digits < 9) {
                    nanos = nanos * 10 + (b[p] - '0');
                }
                digits++;
                p++;
            }
            if (digits == 0) {
                return null;
            }
            if (digits < 9) {
                nanos *= POW10[9 - digits];
            }
        }
        int offsetSeconds = 0;
        if (p < e) {
            byte z = b[p];
            if ((z == 'Z' || z == 'z') && p + 1 == e) {
                p++;
            } else if (z == '+' || z == '-') {
                int sign = z == '-' ? -1 : 1;
                p++;
                if (e - p < 2 || !digits(b, p, 2)) {
                    return null;
                }
                int oh = num(b, p, 2);
                p += 2;
                int om = 0;
                if (p < e && b[p] == ':') {
                    p++;
                }
                if (p < e) {
                    if (e - p != 2 || !digits(b, p, 2)) {
                        return null;
                    }
                    om = num(b, p, 2);
                    p += 2;
                }
                if (oh > 18 || om > 59) {
                    return null;
                }
                offsetSeconds = sign * (oh * 3600 + om * 60);
            } else {
                return null;
            }
        }
        if (p != e) {
            return null;
        }
        long epochDay = epochDay(year, month, day);
        long seconds = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * Reads the JSON string {@code p} stands on as a time without building a String first (one per Telemetry event
     * adds up); {@code scratch} is the caller's reusable buffer, and a text longer than it takes the slow path.
     */
    static Instant parse(JsonParser p, byte[] scratch) throws IOException {
        int n = p.getTextLength();
        if (n <= scratch.length) {
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            for (int i = 0; i < n; i++) {
                char c = chars[offset + i];
                scratch[i] = c < 0x80 ? (byte) c : (byte) '?';
            }
            Instant fast = parse(scratch, 0, n);
            if (fast != null) {
                return fast;
            }
        }
        return parse(p.getText());
    }

    /** Parses a timestamp string (a Telemetry API {@code time}); {@code null} when it is absent or unreadable. */
    static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        Instant fast = parse(b, 0, b.length);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long mp = (month + 9) % 12;
        long doy = (153 * mp + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static boolean digits(byte[] b, int s, int n) {
        if (n <= 0 || s + n > b.length) {
            return false;
        }
        for (int i = s; i < s + n; i++) {
            if (!isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static int num(byte[] b, int s, int n) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static boolean isDigit(byte c) {
        // One unsigned comparison: '0'..'9' maps to 0..9, every other byte above.
        return (c - '0' & 0xff) <= 9;
    }
}
