package io.rightsizer.apply;

import io.rightsizer.domain.decision.DecisionStatus;

/**
 * What the Apply and Rollback tasks return to the state machine (kept small: it lands in the execution's state).
 *
 * @param status       {@code APPLIED}, {@code UPDATING} (ask again after {@code pollSeconds}), {@code DRY_RUN},
 *                     {@code RECOMMENDED}, {@code SKIPPED}, {@code GONE}, {@code ROLLED_BACK} or
 *                     {@code ROLLBACK_SKIPPED}
 * @param fromMemoryMb the size before
 * @param toMemoryMb   the size asked for
 * @param appliedAt    when the change was confirmed in effect (ISO-8601), {@code null} when nothing changed
 * @param watchUntil   the end of the guard period (ISO-8601), {@code null} unless applied
 * @param reason       what happened, in one sentence
 * @param dryRun       whether the function runs in dry-run mode
 * @param pollSeconds  with {@code UPDATING}: how long the state machine waits before asking again, otherwise
 *                     {@code null}
 * @param notification {@code sent} when people were told about this outcome, {@code failed: <why>} when telling them
 *                     failed (the change stands), {@code null} when this outcome tells nobody (or was told before)
 */
public record ApplyResult(
        DecisionStatus status,
        int fromMemoryMb,
        int toMemoryMb,
        String appliedAt,
        String watchUntil,
        String reason,
        boolean dryRun,
        Long pollSeconds,
        String notification) {
}
