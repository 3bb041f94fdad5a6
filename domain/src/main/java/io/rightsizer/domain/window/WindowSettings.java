package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.verify.WatchComparison;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * How windows are laid out and how often a warm instance looks at a function's window again.
 *
 * @param length          a window's length: whole UTC days of evidence (the state machine evaluates at its end)
 * @param closeGrace      how long after its end a window counts as over even if the state machine never closed it,
 *                        so a failed execution cannot block a function forever; at least {@link #minimumCloseGrace}
 * @param recheckInterval after a window's end, how often a warm instance reads its item again
 * @param cacheSize       how many functions' windows a warm instance remembers
 * @param spread          window ends are offset by up to this much per function (a hash of its ARN), so a fleet first
 *                        seen in the same minute does not evaluate, apply and poll the control plane in the same minute
 *                        forever; zero ends windows at midnight UTC
 */
public record WindowSettings(Duration length, Duration closeGrace, Duration recheckInterval, int cacheSize,
                             Duration spread) {

    /** The default window length: 14 days. */
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(14);
    /** The default guard period after a change (apply-fn's {@code WATCH_SECONDS}): one day. */
    public static final Duration DEFAULT_WATCH = Duration.ofDays(1);
    /** The default grace after a window's end: what the default watch needs ({@link #minimumCloseGrace}). */
    public static final Duration DEFAULT_CLOSE_GRACE = minimumCloseGrace(DEFAULT_WATCH);
    /** The default spread of window ends: four hours. */
    public static final Duration DEFAULT_SPREAD = Duration.ofHours(4);

    public WindowSettings {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(closeGrace, "closeGrace");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        Objects.requireNonNull(spread, "spread");
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
        if (spread.isNegative() || spread.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("spread must be between 0 and one day: " + spread);
        }
    }

    /** Settings with the default spread of window ends. */
    public WindowSettings(Duration length, Duration closeGrace, Duration recheckInterval, int cacheSize) {
        this(length, closeGrace, recheckInterval, cacheSize, DEFAULT_SPREAD);
    }

    /** Defaults with a window of {@code days} days. */
    public static WindowSettings ofDays(int days) {
        return new WindowSettings(Duration.ofDays(days), DEFAULT_CLOSE_GRACE, Duration.ofMinutes(5), 10_000);
    }

    /**
     * The one rule for how long an execution may outlive its window's end, so that ingest never opens a function's
     * next window while the previous execution still watches a change: each watched change lasts to the end of the UTC
     * day of the change plus the guard period ({@code watch} in whole days, + 1 for that day); an execution watches its
     * change and each further increase ({@link WatchComparison#MAX_FURTHER_INCREASES}); + 1 day for the evaluation's and
     * the apply's retries and update polls, + 1 as a margin.
     */
    public static Duration minimumCloseGrace(Duration watch) {
        Objects.requireNonNull(watch, "watch");
        if (watch.isNegative()) {
            throw new IllegalArgumentException("watch must not be negative: " + watch);
        }
        long watchDays = (watch.toSeconds() + 86_399) / 86_400;
        return Duration.ofDays((watchDays + 1) * (1 + WatchComparison.MAX_FURTHER_INCREASES) + 2);
    }

    /**
     * The end of a window starting at {@code start}: {@link #length} whole UTC days after the start's day (a window
     * starting at midnight counts its start day), plus the function's offset within {@link #spread}. Lengths that are
     * not whole days end exactly {@code length} after the start.
     */
    public Instant windowEnd(FunctionRef function, Instant start) {
        if (length.toSeconds() % 86_400 != 0) {
            return start.plus(length);
        }
        return WholeDays.firstFrom(start).plusDays(length.toDays()).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(offset(function));
    }

    /**
     * The function's place within {@link #spread}: whole seconds from a hash of its ARN, the same every window (so even
     * 10,000 functions evaluate a few per second, under GetFunction's 100 per second).
     */
    public Duration offset(FunctionRef function) {
        long seconds = spread.toSeconds();
        if (seconds == 0) {
            return Duration.ZERO;
        }
        CRC32 crc = new CRC32();
        crc.update(function.functionArn().getBytes(StandardCharsets.UTF_8));
        return Duration.ofSeconds(crc.getValue() % seconds);
    }
}
