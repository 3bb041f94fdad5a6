package io.rightsizer.domain.fold;

import io.rightsizer.domain.usage.DailyUsage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The figures of one function's window that the policy and the cost model work from.
 *
 * @param days              days with data: with reports or a stored maximum (the undated bucket counts as one day)
 * @param invocations       invocations in the window
 * @param peakMemoryUsedMb  the window's highest peak
 * @param averageDailyMaxMb the average of the daily maxima
 * @param errors            failed invocations
 * @param timeouts          timed-out invocations
 * @param outOfMemory       out-of-memory invocations
 * @param billedMsSum       billed milliseconds
 * @param durationMsSum     duration milliseconds
 * @param atMemoryLimit     whether any day was out of memory or peaked at its configured size
 * @param lastMemorySizeMb  the configured memory of the latest day, 0 when the window is empty
 * @param dailyPeaks        each day's peak, oldest first (the undated bucket first): the shape the policy reads trends
 *                          and spikes from; empty where only the sums are known
 */
public record WindowFigures(
        int days,
        long invocations,
        int peakMemoryUsedMb,
        double averageDailyMaxMb,
        long errors,
        long timeouts,
        long outOfMemory,
        long billedMsSum,
        double durationMsSum,
        boolean atMemoryLimit,
        int lastMemorySizeMb,
        List<DailyPeak> dailyPeaks) {

    public WindowFigures {
        dailyPeaks = dailyPeaks == null ? List.of() : List.copyOf(dailyPeaks);
    }

    /** Figures without the days' shape (sums only): the policy then sees no trend and no spike. */
    public WindowFigures(int days, long invocations, int peakMemoryUsedMb, double averageDailyMaxMb, long errors,
                         long timeouts, long outOfMemory, long billedMsSum, double durationMsSum, boolean atMemoryLimit,
                         int lastMemorySizeMb) {
        this(days, invocations, peakMemoryUsedMb, averageDailyMaxMb, errors, timeouts, outOfMemory, billedMsSum,
                durationMsSum, atMemoryLimit, lastMemorySizeMb, List.of());
    }

    /** Sums a window's days; the days may come in any order. */
    public static WindowFigures of(Collection<DailyUsage> days) {
        int n = 0;
        long invocations = 0;
        int peak = 0;
        long maximaSum = 0;
        long errors = 0;
        long timeouts = 0;
        long oom = 0;
        long billed = 0;
        double duration = 0;
        boolean atLimit = false;
        DailyUsage latest = null;
        List<DailyPeak> peaks = new ArrayList<>();
        for (DailyUsage d : days) {
            // A day counts by its reports: where its invocations come from elsewhere (the platform's metrics) and are
            // missing, its stored maximum must still bound the window, never be dropped from it.
            if (d.invocations() == 0 && d.maxMemoryUsedMb() == 0) {
                continue;
            }
            n++;
            peaks.add(new DailyPeak(d.day(), d.maxMemoryUsedMb(), d.memorySizeMb(), d.invocations(),
                    d.outOfMemory()));
            invocations += d.invocations();
            peak = Math.max(peak, d.maxMemoryUsedMb());
            maximaSum += d.maxMemoryUsedMb();
            errors += d.errors();
            timeouts += d.timeouts();
            oom += d.outOfMemory();
            billed += d.billedMsSum();
            duration += d.durationMsSum();
            atLimit |= d.atMemoryLimit();
            if (latest == null || isLater(d, latest)) {
                latest = d;
            }
        }
        peaks.sort(Comparator.comparing(DailyPeak::day, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new WindowFigures(n, invocations, peak, n == 0 ? 0 : (double) maximaSum / n, errors, timeouts, oom,
                billed, duration, atLimit, latest == null ? 0 : latest.memorySizeMb(), peaks);
    }

    /** Failed invocations per invocation, 0 for an empty window. */
    public double errorRate() {
        return invocations == 0 ? 0 : (double) errors / invocations;
    }

    /** Out-of-memory invocations per invocation, 0 for an empty window. */
    public double outOfMemoryShare() {
        // At-least-once delivery can count one report twice in one counter and not the other: cap at 1.
        return invocations == 0 ? 0 : Math.min(1, (double) outOfMemory / invocations);
    }

    /** Days whose peak is censored by their configured size (out of memory, or a peak at the size). */
    public long daysAtMemoryLimit() {
        return dailyPeaks.stream().filter(DailyPeak::atMemoryLimit).count();
    }

    /** Mean duration per invocation in milliseconds, 0 for an empty window. */
    public double averageDurationMs() {
        return invocations == 0 ? 0 : durationMsSum / invocations;
    }

    private static boolean isLater(DailyUsage candidate, DailyUsage current) {
        if (candidate.day() == null) {
            return false;
        }
        if (current.day() == null) {
            return true;
        }
        return candidate.day().isAfter(current.day());
    }
}
