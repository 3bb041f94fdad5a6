package io.rightsizer.domain.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The sizing policy's knobs, validated on construction.
 *
 * @param seedHeadroomMb         added to the average of the daily maxima (the seed rule); default 25
 * @param peakHeadroomPercent    the recommendation never goes below the window's peak (projected along a significant
 *                               trend) plus this share of it; default 5
 * @param maxMemoryMb            the upper clamp: 10240, or the account's lower limit; default 10240
 * @param minChangeMb            changes smaller than this keep the current size; default 64
 * @param minChangePercent       changes smaller than this share of the current size keep it too; default 10
 * @param minDays                fewer days with data than this is INSUFFICIENT_DATA; default 3
 * @param minInvocations         fewer invocations in the window than this is INSUFFICIENT_DATA; default 100
 * @param oomIncreasePercent     when the window shows the function at its limit, grow by at least this share;
 *                               default 50
 * @param oomMaxIncreasePercent  ... and by up to this share when every invocation ran out of memory (the step grows
 *                               with the share of invocations out of memory); default 100
 * @param projectionDays         a significant growth of the daily maxima is projected this many days past the window:
 *                               the next window and its watch; 0 projects nothing; default 16
 * @param trendConfidencePercent the confidence at which a rise of the daily maxima counts as growth (one-sided
 *                               Mann–Kendall test); default 95
 * @param spikeHeadroomPercent   added above the peak: this share of its rise above the median day, since the next
 *                               spike or batch may be larger than the one seen; default 60
 */
public record PolicySettings(
        int seedHeadroomMb,
        int peakHeadroomPercent,
        int maxMemoryMb,
        int minChangeMb,
        int minChangePercent,
        int minDays,
        long minInvocations,
        int oomIncreasePercent,
        int oomMaxIncreasePercent,
        int projectionDays,
        int trendConfidencePercent,
        int spikeHeadroomPercent) {

    /** Lambda's smallest memory size. */
    public static final int LAMBDA_MIN_MEMORY_MB = 128;
    /** Lambda's largest memory size (outside Managed Instances). */
    public static final int LAMBDA_MAX_MEMORY_MB = 10_240;

    // Each default once, as a constant, so that option annotations (which need constants) can name it too.
    public static final int DEFAULT_SEED_HEADROOM_MB = 25;
    public static final int DEFAULT_PEAK_HEADROOM_PERCENT = 5;
    public static final int DEFAULT_MAX_MEMORY_MB = LAMBDA_MAX_MEMORY_MB;
    public static final int DEFAULT_MIN_CHANGE_MB = 64;
    public static final int DEFAULT_MIN_CHANGE_PERCENT = 10;
    public static final int DEFAULT_MIN_DAYS = 3;
    public static final int DEFAULT_MIN_INVOCATIONS = 100;
    public static final int DEFAULT_OOM_INCREASE_PERCENT = 50;
    public static final int DEFAULT_OOM_MAX_INCREASE_PERCENT = 100;
    public static final int DEFAULT_PROJECTION_DAYS = 16;
    public static final int DEFAULT_TREND_CONFIDENCE_PERCENT = 95;
    public static final int DEFAULT_SPIKE_HEADROOM_PERCENT = 60;

    /** The documented defaults. */
    public static final PolicySettings DEFAULTS = new PolicySettings(DEFAULT_SEED_HEADROOM_MB,
            DEFAULT_PEAK_HEADROOM_PERCENT, DEFAULT_MAX_MEMORY_MB, DEFAULT_MIN_CHANGE_MB, DEFAULT_MIN_CHANGE_PERCENT,
            DEFAULT_MIN_DAYS, DEFAULT_MIN_INVOCATIONS, DEFAULT_OOM_INCREASE_PERCENT, DEFAULT_OOM_MAX_INCREASE_PERCENT,
            DEFAULT_PROJECTION_DAYS, DEFAULT_TREND_CONFIDENCE_PERCENT, DEFAULT_SPIKE_HEADROOM_PERCENT);

    public PolicySettings {
        requireRange("seedHeadroomMb", seedHeadroomMb, 0, LAMBDA_MAX_MEMORY_MB);
        requireRange("peakHeadroomPercent", peakHeadroomPercent, 0, 1000);
        requireRange("maxMemoryMb", maxMemoryMb, LAMBDA_MIN_MEMORY_MB, LAMBDA_MAX_MEMORY_MB);
        requireRange("minChangeMb", minChangeMb, 0, LAMBDA_MAX_MEMORY_MB);
        requireRange("minChangePercent", minChangePercent, 0, 100);
        requireRange("minDays", minDays, 1, 366);
        if (minInvocations < 0) {
            throw new IllegalArgumentException("minInvocations must not be negative: " + minInvocations);
        }
        requireRange("oomIncreasePercent", oomIncreasePercent, 1, 1000);
        requireRange("oomMaxIncreasePercent", oomMaxIncreasePercent, oomIncreasePercent, 1000);
        requireRange("projectionDays", projectionDays, 0, 366);
        requireRange("trendConfidencePercent", trendConfidencePercent, 50, 99);
        requireRange("spikeHeadroomPercent", spikeHeadroomPercent, 0, 1000);
    }

    /**
     * The first eight knobs; the others keep their defaults (the largest out-of-memory step is at least the
     * smallest).
     */
    public PolicySettings(int seedHeadroomMb, int peakHeadroomPercent, int maxMemoryMb, int minChangeMb,
                          int minChangePercent, int minDays, long minInvocations, int oomIncreasePercent) {
        this(seedHeadroomMb, peakHeadroomPercent, maxMemoryMb, minChangeMb, minChangePercent, minDays, minInvocations,
                oomIncreasePercent, Math.max(oomIncreasePercent, DEFAULT_OOM_MAX_INCREASE_PERCENT),
                DEFAULT_PROJECTION_DAYS, DEFAULT_TREND_CONFIDENCE_PERCENT, DEFAULT_SPIKE_HEADROOM_PERCENT);
    }

    /**
     * Reads the settings from environment-style variables ({@code SEED_HEADROOM_MB}, {@code PEAK_HEADROOM_PERCENT},
     * {@code MAX_MEMORY_MB}, {@code MIN_CHANGE_MB}, {@code MIN_CHANGE_PERCENT}, {@code MIN_DAYS},
     * {@code MIN_INVOCATIONS}, {@code OOM_INCREASE_PERCENT}, {@code OOM_MAX_INCREASE_PERCENT},
     * {@code PROJECTION_DAYS}, {@code TREND_CONFIDENCE_PERCENT}, {@code SPIKE_HEADROOM_PERCENT}); absent ones keep
     * their defaults.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a number or out of range
     */
    public static PolicySettings fromEnvironment(Map<String, String> env) {
        Function<String, String> get = env::get;
        PolicySettings d = DEFAULTS;
        int oomIncrease = intVar(get, "OOM_INCREASE_PERCENT", d.oomIncreasePercent);
        return new PolicySettings(
                intVar(get, "SEED_HEADROOM_MB", d.seedHeadroomMb),
                intVar(get, "PEAK_HEADROOM_PERCENT", d.peakHeadroomPercent),
                intVar(get, "MAX_MEMORY_MB", d.maxMemoryMb),
                intVar(get, "MIN_CHANGE_MB", d.minChangeMb),
                intVar(get, "MIN_CHANGE_PERCENT", d.minChangePercent),
                intVar(get, "MIN_DAYS", d.minDays),
                intVar(get, "MIN_INVOCATIONS", (int) Math.min(Integer.MAX_VALUE, d.minInvocations)),
                oomIncrease,
                intVar(get, "OOM_MAX_INCREASE_PERCENT", Math.max(oomIncrease, d.oomMaxIncreasePercent)),
                intVar(get, "PROJECTION_DAYS", d.projectionDays),
                intVar(get, "TREND_CONFIDENCE_PERCENT", d.trendConfidencePercent),
                intVar(get, "SPIKE_HEADROOM_PERCENT", d.spikeHeadroomPercent));
    }

    /** The same settings as environment variables, the inverse of {@link #fromEnvironment(Map)}. */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEED_HEADROOM_MB", Integer.toString(seedHeadroomMb));
        env.put("PEAK_HEADROOM_PERCENT", Integer.toString(peakHeadroomPercent));
        env.put("MAX_MEMORY_MB", Integer.toString(maxMemoryMb));
        env.put("MIN_CHANGE_MB", Integer.toString(minChangeMb));
        env.put("MIN_CHANGE_PERCENT", Integer.toString(minChangePercent));
        env.put("MIN_DAYS", Integer.toString(minDays));
        env.put("MIN_INVOCATIONS", Long.toString(minInvocations));
        env.put("OOM_INCREASE_PERCENT", Integer.toString(oomIncreasePercent));
        env.put("OOM_MAX_INCREASE_PERCENT", Integer.toString(oomMaxIncreasePercent));
        env.put("PROJECTION_DAYS", Integer.toString(projectionDays));
        env.put("TREND_CONFIDENCE_PERCENT", Integer.toString(trendConfidencePercent));
        env.put("SPIKE_HEADROOM_PERCENT", Integer.toString(spikeHeadroomPercent));
        return java.util.Collections.unmodifiableMap(env);
    }

    private static int intVar(Function<String, String> env, String name, int fallback) {
        String raw = env.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'", e);
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
