package io.rightsizer.testing.fleet;

import java.util.Objects;

/**
 * One simulated day of one function: every invocation's second of the day, the memory it needs and its billed
 * duration, ordered by time.
 *
 * @param day         the day's index from the fleet's first day
 * @param secondOfDay when each invocation ran, ascending
 * @param needMb      the memory each invocation needs (it runs out of memory at any smaller size)
 * @param durationMs  each invocation's duration, independent of its memory size
 */
public record DayDemand(int day, int[] secondOfDay, int[] needMb, double[] durationMs) {

    public DayDemand {
        Objects.requireNonNull(secondOfDay, "secondOfDay");
        Objects.requireNonNull(needMb, "needMb");
        Objects.requireNonNull(durationMs, "durationMs");
        if (secondOfDay.length != needMb.length || needMb.length != durationMs.length) {
            throw new IllegalArgumentException("one second, need and duration per invocation");
        }
    }

    /** Invocations that day. */
    public int invocations() {
        return needMb.length;
    }

    /** The day's highest need, 0 without invocations. */
    public int peakMb() {
        int peak = 0;
        for (int need : needMb) {
            peak = Math.max(peak, need);
        }
        return peak;
    }

    /** Lambda bills each invocation's duration rounded up to the millisecond. */
    public static long billedMs(double durationMs) {
        return (long) Math.ceil(durationMs);
    }
}
