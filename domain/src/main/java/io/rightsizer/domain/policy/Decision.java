package io.rightsizer.domain.policy;

import io.rightsizer.domain.cost.MonthlyCost;
import io.rightsizer.domain.fold.WindowFigures;

import java.util.Objects;

/**
 * What the policy decided for one function's window, with the figures behind it and a reason a person can read.
 *
 * @param kind                the decision
 * @param currentMemoryMb     the configured memory the decision starts from
 * @param recommendedMemoryMb the memory to set (equal to the current one unless the decision changes memory)
 * @param seedMb              the seed rule's figure (average of daily maxima + headroom), 0 when not computed
 * @param floorMb             the peak guard's figure (peak + headroom), 0 when not computed
 * @param reason              why, in one sentence
 * @param figures             the window's figures
 * @param cost                the 30-day cost now and at the recommendation
 */
public record Decision(
        DecisionKind kind,
        int currentMemoryMb,
        int recommendedMemoryMb,
        int seedMb,
        int floorMb,
        String reason,
        WindowFigures figures,
        MonthlyCost cost) {

    public Decision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(cost, "cost");
        if (!kind.changesMemory() && recommendedMemoryMb != currentMemoryMb) {
            throw new IllegalArgumentException(kind + " must recommend the current size");
        }
        if (kind == DecisionKind.DECREASE && recommendedMemoryMb >= currentMemoryMb
                || kind == DecisionKind.INCREASE && recommendedMemoryMb <= currentMemoryMb) {
            throw new IllegalArgumentException(kind + " from " + currentMemoryMb + " to " + recommendedMemoryMb);
        }
    }

    /** A decision not to look at an excluded function. */
    public static Decision excluded(int currentMemoryMb, String reason) {
        return new Decision(DecisionKind.EXCLUDED, currentMemoryMb, currentMemoryMb, 0, 0, reason,
                WindowFigures.of(java.util.List.of()), new MonthlyCost(0, 0));
    }
}
