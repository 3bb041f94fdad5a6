package io.rightsizer.domain.decision;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit entry of a memory change (or of a change deliberately not made), kept as a {@code DECISION#<time>} item.
 *
 * @param functionArn     the unqualified function ARN
 * @param at              when the step ran (also the item's sort key)
 * @param step            apply or rollback
 * @param status          what happened
 * @param fromMemoryMb    the size before
 * @param toMemoryMb      the size asked for
 * @param reason          why, in one sentence
 * @param kind            the policy's decision kind ({@code DECREASE}, {@code INCREASE}), {@code null} for a rollback
 * @param executionArn    the Step Functions execution that ran the step
 * @param windowStart     the window's start (ISO-8601), {@code null} when unknown
 * @param windowEnd       the window's end (ISO-8601), {@code null} when unknown
 * @param figuresJson     the window's figures and cost estimate as JSON, {@code null} when none
 * @param watchUntil      the end of the guard period after an applied change, {@code null} otherwise
 * @param monthlySavingsUsd the estimated monthly savings of the change (negative when it costs more), 0 when unknown
 */
public record DecisionRecord(
        String functionArn,
        Instant at,
        DecisionStep step,
        DecisionStatus status,
        int fromMemoryMb,
        int toMemoryMb,
        String reason,
        String kind,
        String executionArn,
        String windowStart,
        String windowEnd,
        String figuresJson,
        Instant watchUntil,
        double monthlySavingsUsd) {

    public DecisionRecord {
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(executionArn, "executionArn");
        if (fromMemoryMb <= 0 || toMemoryMb <= 0) {
            throw new IllegalArgumentException("memory sizes must be positive: " + fromMemoryMb + " -> " + toMemoryMb);
        }
        if (Double.isNaN(monthlySavingsUsd)) {
            throw new IllegalArgumentException("monthlySavingsUsd must be a number");
        }
    }
}
