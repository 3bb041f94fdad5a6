package io.rightsizer.evaluate;

import io.rightsizer.domain.fold.WindowFigures;

/**
 * The Evaluate task's answer, which the state machine routes on ({@code action}) and hands to Apply.
 *
 * @param action              {@code APPLY}, {@code RECOMMEND} (a change live traffic would not see: recorded, not
 *                            applied), {@code KEEP}, {@code INSUFFICIENT_DATA}, {@code EXCLUDED} or {@code GONE}
 * @param kind                the policy's decision kind ({@code DECREASE}, {@code INCREASE}, {@code KEEP}, ...)
 * @param currentMemoryMb     the configured memory now
 * @param recommendedMemoryMb the memory to set
 * @param reason              why, in one sentence
 * @param revisionId          the configuration revision read, for Apply's optimistic lock ({@code null} when none)
 * @param architecture        {@code x86_64} or {@code arm64} (prices the estimate)
 * @param figures             the figures of the days the decision was made from
 * @param monthlyCostUsd      the 30-day cost now and at the recommendation
 * @param mode                {@code apply} or {@code recommend}: the function's mode ({@code null} when not resolved)
 */
public record EvaluateResult(String action, String kind, int currentMemoryMb, int recommendedMemoryMb, String reason,
                             String revisionId, String architecture, Figures figures, Cost monthlyCostUsd,
                             String mode) {

    static final String APPLY = "APPLY";
    static final String RECOMMEND = "RECOMMEND";
    static final String EXCLUDED = "EXCLUDED";
    static final String KEEP = "KEEP";
    static final String GONE = "GONE";

    /** The monthly cost estimate in USD. */
    public record Cost(double current, double recommended, double savings) {
    }

    /** The answer for a function that no longer exists: nothing to size, nothing failed. */
    static EvaluateResult gone(String reason) {
        return new EvaluateResult(GONE, GONE, 0, 0, reason, null, null,
                Figures.of(WindowFigures.of(java.util.List.of())), new Cost(0, 0, 0), null);
    }
}
