package io.rightsizer.domain.decision;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit entry of a memory change (or of a change deliberately not made, or about to be made), kept as a
 * {@code DECISION#<time>} item.
 *
 * @param functionArn       the unqualified function ARN
 * @param at                when the step ran (also the item's sort key)
 * @param step              apply or rollback
 * @param status            what happened ({@link DecisionStatus#INTENDED} before the change is made)
 * @param fromMemoryMb      the size before
 * @param toMemoryMb        the size asked for
 * @param reason            why, in one sentence
 * @param kind              the policy's decision kind ({@code DECREASE}, {@code INCREASE}), {@code null} for a rollback
 * @param executionArn      the Step Functions execution that ran the step
 * @param windowStart       the window's start (ISO-8601), {@code null} when unknown
 * @param windowEnd         the window's end (ISO-8601), {@code null} when unknown
 * @param figuresJson       the window's figures and cost estimate as JSON, {@code null} when none
 * @param watchUntil        the end of the guard period after an applied change, {@code null} otherwise
 * @param monthlySavingsUsd the estimated monthly savings of the change (negative when it costs more), 0 when unknown
 * @param revisionId        the configuration revision the change was made against (an intent's), {@code null} when
 *                          none
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
        double monthlySavingsUsd,
        String revisionId) {

    public DecisionRecord {
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(executionArn, "executionArn");
        if (status == DecisionStatus.UPDATING) {
            throw new IllegalArgumentException("UPDATING is an answer, not an entry: log the intent instead");
        }
        if (fromMemoryMb <= 0 || toMemoryMb <= 0) {
            throw new IllegalArgumentException("memory sizes must be positive: " + fromMemoryMb + " -> " + toMemoryMb);
        }
        if (Double.isNaN(monthlySavingsUsd)) {
            throw new IllegalArgumentException("monthlySavingsUsd must be a number");
        }
    }

    /** An entry without a revision (every entry but an intent). */
    public DecisionRecord(String functionArn, Instant at, DecisionStep step, DecisionStatus status, int fromMemoryMb,
                          int toMemoryMb, String reason, String kind, String executionArn, String windowStart,
                          String windowEnd, String figuresJson, Instant watchUntil, double monthlySavingsUsd) {
        this(functionArn, at, step, status, fromMemoryMb, toMemoryMb, reason, kind, executionArn, windowStart,
                windowEnd, figuresJson, watchUntil, monthlySavingsUsd, null);
    }

    /**
     * Whether this entry is about the given change: one execution's step between the same two sizes (an execution can
     * raise twice, so the step alone does not name the change).
     */
    public boolean sameChange(String executionArn, DecisionStep step, int fromMemoryMb, int toMemoryMb) {
        return this.executionArn.equals(executionArn) && this.step == step && this.fromMemoryMb == fromMemoryMb
                && this.toMemoryMb == toMemoryMb;
    }
}
