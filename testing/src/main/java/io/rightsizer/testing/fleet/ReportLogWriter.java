package io.rightsizer.testing.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a simulated function's invocations as {@code aws logs tail} output: one REPORT line per invocation, the
 * way Lambda writes it, with {@code Status: error} and {@code Error Type: Runtime.OutOfMemory} (and the configured
 * size as the peak) for an invocation that needs more than the configured memory.
 */
public final class ReportLogWriter {

    private static final DateTimeFormatter TAIL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STREAM_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);

    private ReportLogWriter() {
    }

    /**
     * Writes days {@code [fromDay, toDay)} of {@code f}, run at {@code sizeMb}.
     *
     * @param firstDay the UTC day of day index 0
     * @return the invocations that ran out of memory
     */
    public static long write(FleetFunction f, LocalDate firstDay, int fromDay, int toDay, int sizeMb, Writer out) {
        long outOfMemory = 0;
        StringBuilder line = new StringBuilder(256);
        try {
            for (int day = fromDay; day < toDay; day++) {
                DayDemand d = f.day(day);
                // Request ids and log streams come from their own stream, so the demand stays the same.
                SplittableRandom ids = new SplittableRandom(FleetFunction.mix(f.seed() ^ 0x5DEECE66DL, day));
                LocalDate date = firstDay.plusDays(day);
                Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
                String stream = STREAM_DAY.format(date) + "/[$LATEST]" + hex(ids, 32) + " ";
                for (int i = 0; i < d.invocations(); i++) {
                    Instant time = dayStart.plusSeconds(d.secondOfDay()[i]).plusMillis(ids.nextInt(1000));
                    boolean oom = d.needMb()[i] > sizeMb;
                    double duration = d.durationMs()[i];
                    line.setLength(0);
                    line.append(TAIL_TIME.format(time)).append(' ').append(stream)
                            .append("REPORT RequestId: ").append(requestId(ids))
                            .append("\tDuration: ");
                    appendTwoDecimals(line, duration).append(" ms")
                            .append("\tBilled Duration: ").append(DayDemand.billedMs(duration)).append(" ms")
                            .append("\tMemory Size: ").append(sizeMb).append(" MB")
                            .append("\tMax Memory Used: ").append(oom ? sizeMb : d.needMb()[i]).append(" MB");
                    if (oom) {
                        line.append("\tStatus: error\tError Type: Runtime.OutOfMemory");
                        outOfMemory++;
                    }
                    line.append("\t\n");
                    out.append(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outOfMemory;
    }

    /** Faster than String.format on the hot path, and locale-free. */
    private static StringBuilder appendTwoDecimals(StringBuilder out, double value) {
        long cents = Math.round(value * 100);
        out.append(cents / 100).append('.');
        long rest = cents % 100;
        return out.append(rest < 10 ? "0" : "").append(rest);
    }

    private static String requestId(SplittableRandom r) {
        String h = hex(r, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    private static String hex(SplittableRandom r, int digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(r.nextInt(16), 16));
        }
        return out.toString();
    }
}
