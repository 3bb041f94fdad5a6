package io.rightsizer.cli.backtest;

import io.rightsizer.domain.policy.Decision;

import java.util.Objects;

/**
 * One function's decision from one window, scored against the invocations of the next.
 *
 * @param function               the function
 * @param decidedFrom            the window the policy decided from
 * @param decision               what it decided, as analyze would have
 * @param scoredOn               the next window (cut at the last day of the logs)
 * @param invocations            the function's invocations in the next window
 * @param peakMemoryUsedMb       their highest peak (an out-of-memory invocation counts at its size, the least it
 *                               needed)
 * @param outOfMemory            invocations that would certainly have run out of memory at the recommended size
 * @param outOfMemoryUnknown     invocations that ran out of memory at a smaller size than the recommended one: whether
 *                               that size would have been enough, the logs cannot say
 * @param outOfMemoryActual      invocations that did run out of memory in the next window
 * @param gbSecondsActual        billed GB-seconds at the sizes that ran
 * @param gbSecondsAtRecommended the same billed time at the recommended size
 * @param usdSaved               what the difference cost, at the architecture's price (negative when it costs more)
 */
public record WindowStep(
        String function,
        DaySpan decidedFrom,
        Decision decision,
        DaySpan scoredOn,
        long invocations,
        int peakMemoryUsedMb,
        long outOfMemory,
        long outOfMemoryUnknown,
        long outOfMemoryActual,
        double gbSecondsActual,
        double gbSecondsAtRecommended,
        double usdSaved) {

    public WindowStep {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(decidedFrom, "decidedFrom");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(scoredOn, "scoredOn");
        if (invocations < 0 || outOfMemory < 0 || outOfMemoryUnknown < 0 || outOfMemoryActual < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Billed GB-seconds the recommended size would have saved (negative when it costs more). */
    public double gbSecondsSaved() {
        return gbSecondsActual - gbSecondsAtRecommended;
    }
}
