package io.rightsizer.domain.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * A memory size a change went to and that was rolled back because it hurt.
 *
 * @param memoryMb the size that failed
 * @param at       when it was rolled back
 */
public record RolledBackSize(int memoryMb, Instant at) {

    public RolledBackSize {
        Objects.requireNonNull(at, "at");
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb must be positive: " + memoryMb);
        }
    }
}
