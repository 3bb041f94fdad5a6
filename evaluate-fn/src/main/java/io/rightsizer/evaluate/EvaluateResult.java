package io.rightsizer.evaluate;

/**
 * The Evaluate task's answer, which the state machine routes on ({@code action}) and hands to Apply.
 *
 * @param action              {@code APPLY}, {@code KEEP}, {@code INSUFFICIENT_DATA} or {@code EXCLUDED}
 * @param kind                the policy's decision kind ({@code DECREASE}, {@code INCREASE}, {@code KEEP}, ...)
 * @param currentMemoryMb     the configured memory now
 * @param recommendedMemoryMb the memory to set
 * @param reason              why, in one sentence
 * @param revisionId          the configuration revision read, for Apply's optimistic lock ({@code null} when none)
 * @param architecture        {@code x86_64} or {@code arm64} (prices the estimate)
 * @param figures             the window's figures
 * @param monthlyCostUsd      the 30-day cost now and at the recommendation
 */
public record EvaluateResult(String action, String kind, int currentMemoryMb, int recommendedMemoryMb, String reason,
                             String revisionId, String architecture, Figures figures, Cost monthlyCostUsd) {

    /** The monthly cost estimate in USD. */
    public record Cost(double current, double recommended, double savings) {
    }
}
