package io.rightsizer.domain.fold;

import java.time.LocalDate;

/**
 * One day of a window as the policy reads its shape: the day's highest peak, the size it ran at and whether the peak
 * is censored by that size.
 *
 * @param day             the UTC day, or {@code null} for the undated bucket
 * @param maxMemoryUsedMb the day's highest peak
 * @param memorySizeMb    the configured memory of the day's last report
 * @param invocations     reports that day
 * @param outOfMemory     invocations that ran out of memory that day
 */
public record DailyPeak(LocalDate day, int maxMemoryUsedMb, int memorySizeMb, long invocations, long outOfMemory) {

    public DailyPeak {
        if (maxMemoryUsedMb < 0 || invocations < 0 || outOfMemory < 0) {
            throw new IllegalArgumentException("figures must not be negative");
        }
    }

    /**
     * Whether the day's peak says "at least this much" rather than "this much": the day ran out of memory or peaked at
     * its configured size.
     */
    public boolean atMemoryLimit() {
        return outOfMemory > 0 || (memorySizeMb > 0 && maxMemoryUsedMb >= memorySizeMb);
    }
}
