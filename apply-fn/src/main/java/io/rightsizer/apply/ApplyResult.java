package io.rightsizer.apply;

import io.rightsizer.domain.decision.DecisionStatus;

/**
 * What the Apply and Rollback tasks return to the state machine (kept small: it lands in the execution's state).
 *
 * @param status       {@code APPLIED}, {@code DRY_RUN}, {@code SKIPPED}, {@code ROLLED_BACK} or {@code ROLLBACK_SKIPPED}
 * @param fromMemoryMb the size before
 * @param toMemoryMb   the size asked for
 * @param appliedAt    when the change was made (ISO-8601), {@code null} when nothing changed
 * @param watchUntil   the end of the guard period (ISO-8601), {@code null} unless applied
 * @param reason       what happened, in one sentence
 * @param dryRun       whether the function runs in dry-run mode
 */
public record ApplyResult(
        DecisionStatus status,
        int fromMemoryMb,
        int toMemoryMb,
        String appliedAt,
        String watchUntil,
        String reason,
        boolean dryRun) {
}
