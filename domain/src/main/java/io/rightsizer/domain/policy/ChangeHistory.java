package io.rightsizer.domain.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the policy knows of a function's earlier changes: the sizes rolled back recently enough to count (the caller
 * keeps only those of the remembered period, 90 days by default) and the latest increase that was kept.
 *
 * @param rolledBack   the sizes that failed, any order
 * @param lastIncrease the latest applied and kept increase, or {@code null} when there was none (or it is unknown)
 */
public record ChangeHistory(List<RolledBackSize> rolledBack, LastIncrease lastIncrease) {

    /** No earlier change to remember (offline analysis, a function's first window). */
    public static final ChangeHistory NONE = new ChangeHistory(List.of());

    public ChangeHistory {
        rolledBack = rolledBack == null ? List.of() : List.copyOf(rolledBack);
    }

    /** A history of rolled-back sizes only. */
    public ChangeHistory(List<RolledBackSize> rolledBack) {
        this(rolledBack, null);
    }

    /** The largest size that failed: the policy never goes to it or below. */
    public Optional<RolledBackSize> largestFailedSize() {
        return rolledBack.stream().max(Comparator.comparingInt(RolledBackSize::memoryMb)
                .thenComparing(RolledBackSize::at));
    }

    /** The latest kept increase, if any. */
    public Optional<LastIncrease> latestIncrease() {
        return Optional.ofNullable(lastIncrease);
    }
}
