package io.rightsizer.cli.analyze;

import io.rightsizer.domain.policy.Decision;
import io.rightsizer.domain.usage.DailyUsage;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One function's analysis: what its logs showed and what the policy decided.
 *
 * @param function      the function's name
 * @param memorySizesMb the distinct configured memory sizes seen, ascending
 * @param dailyMaxima   the highest peak of each day, the undated bucket first
 * @param decision      the policy's decision, with its figures and cost
 */
public record FunctionReport(String function, List<Integer> memorySizesMb, List<DailyMax> dailyMaxima, Decision decision) {

    public FunctionReport {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(decision, "decision");
        memorySizesMb = List.copyOf(memorySizesMb);
        dailyMaxima = List.copyOf(dailyMaxima);
    }

    /**
     * One day's highest peak.
     *
     * @param day             the UTC day, or {@code null} for reports without a time
     * @param maxMemoryUsedMb the day's highest peak
     */
    public record DailyMax(LocalDate day, int maxMemoryUsedMb) {

        static DailyMax of(DailyUsage usage) {
            return new DailyMax(usage.day(), usage.maxMemoryUsedMb());
        }
    }

    /** Reports folded in for this function. */
    public long reports() {
        return decision.figures().invocations();
    }

    /** Days with data (the undated bucket counts as one). */
    public int days() {
        return decision.figures().days();
    }
}
