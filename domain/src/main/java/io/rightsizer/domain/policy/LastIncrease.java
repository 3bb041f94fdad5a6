package io.rightsizer.domain.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest increase applied to a function and kept: the policy reads whether it was enough.
 *
 * @param fromMb the size before it
 * @param toMb   the size it set
 * @param at     when it was applied
 */
public record LastIncrease(int fromMb, int toMb, Instant at) {

    public LastIncrease {
        Objects.requireNonNull(at, "at");
        if (fromMb <= 0 || toMb <= fromMb) {
            throw new IllegalArgumentException("an increase goes up from a positive size: " + fromMb + " -> " + toMb);
        }
    }

    /** The step it took, in whole percent of the size before it, rounded up. */
    public int stepPercent() {
        return (int) (((long) (toMb - fromMb) * 100 + fromMb - 1) / fromMb);
    }
}
