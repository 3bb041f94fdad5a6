package io.rightsizer.domain.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One function's usage over one UTC day: the figures the store keeps per (function, day) and the policy sizes from.
 *
 * @param function        the function's key (name or unqualified ARN)
 * @param day             the UTC day, or {@code null} for the undated bucket (reports that carry no time)
 * @param maxMemoryUsedMb the day's highest peak memory
 * @param memorySizeMb    the configured memory of the day's last report
 * @param invocations     reports folded in
 * @param errors          invocations that failed (any non-success status, timeouts and out-of-memory included)
 * @param timeouts        invocations that timed out
 * @param outOfMemory     invocations that ran out of memory
 * @param billedMsSum     billed milliseconds, summed
 * @param durationMsSum   duration milliseconds, summed (to compare durations before and after a change)
 * @param coldStarts      invocations with an init or restore duration
 * @param lastSeen        the time of the day's last report, or {@code null} when undated
 */
public record DailyUsage(
        String function,
        LocalDate day,
        int maxMemoryUsedMb,
        int memorySizeMb,
        long invocations,
        long errors,
        long timeouts,
        long outOfMemory,
        long billedMsSum,
        double durationMsSum,
        long coldStarts,
        Instant lastSeen) {

    public DailyUsage {
        Objects.requireNonNull(function, "function");
        if (invocations < 0 || errors < 0 || timeouts < 0 || outOfMemory < 0 || billedMsSum < 0 || coldStarts < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
    }

    /** Whether this is the bucket of reports that carried no time. */
    public boolean undated() {
        return day == null;
    }

    /** Whether the day shows the function at its limit: out of memory, or a peak equal to the configured size. */
    public boolean atMemoryLimit() {
        return outOfMemory > 0 || (memorySizeMb > 0 && maxMemoryUsedMb >= memorySizeMb);
    }

    /**
     * Combines two partial folds of the same function and day (for example two batches); the configured memory
     * is the one of the later report.
     */
    public DailyUsage merge(DailyUsage other) {
        if (!function.equals(other.function) || !Objects.equals(day, other.day)) {
            throw new IllegalArgumentException("cannot merge " + function + "/" + day + " with "
                    + other.function + "/" + other.day);
        }
        boolean otherIsLater = lastSeen == null || (other.lastSeen != null && !other.lastSeen.isBefore(lastSeen));
        return new DailyUsage(function, day,
                Math.max(maxMemoryUsedMb, other.maxMemoryUsedMb),
                otherIsLater ? other.memorySizeMb : memorySizeMb,
                invocations + other.invocations,
                errors + other.errors,
                timeouts + other.timeouts,
                outOfMemory + other.outOfMemory,
                billedMsSum + other.billedMsSum,
                durationMsSum + other.durationMsSum,
                coldStarts + other.coldStarts,
                otherIsLater ? other.lastSeen : lastSeen);
    }
}
