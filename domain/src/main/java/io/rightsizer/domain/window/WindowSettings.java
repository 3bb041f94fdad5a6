package io.rightsizer.domain.window;

import java.time.Duration;
import java.util.Objects;

/**
 * How windows are laid out and how often a warm instance looks at a function's window again.
 *
 * @param length          a window's length (the state machine evaluates at its end)
 * @param closeGrace      how long after its end a window counts as over even if the state machine never closed it,
 *                        so a failed execution cannot block a function forever
 * @param recheckInterval after a window's end, how often a warm instance reads its item again
 * @param cacheSize       how many functions' windows a warm instance remembers
 */
public record WindowSettings(Duration length, Duration closeGrace, Duration recheckInterval, int cacheSize) {

    /** The default window length: 14 days. */
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(14);
    /** The default grace after a window's end: 2 days (the apply guard period is 1 day). */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofDays(2);

    public WindowSettings {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(closeGrace, "closeGrace");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        if (length.compareTo(Duration.ofMinutes(1)) < 0 || length.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("window length must be between 1 minute and 365 days (a Step"
                    + " Functions wait lasts at most a year): " + length);
        }
        if (closeGrace.isNegative() || recheckInterval.isNegative()) {
            throw new IllegalArgumentException("closeGrace and recheckInterval must not be negative");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
        }
    }

    /** Defaults with a window of {@code days} days. */
    public static WindowSettings ofDays(int days) {
        return new WindowSettings(Duration.ofDays(days), DEFAULT_CLOSE_GRACE, Duration.ofMinutes(5), 10_000);
    }
}
