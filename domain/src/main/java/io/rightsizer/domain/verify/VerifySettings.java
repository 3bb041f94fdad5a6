package io.rightsizer.domain.verify;

import java.util.Map;

/**
 * When a watched change counts as harmful, validated on construction.
 *
 * @param minWatchInvocations       below this many invocations in the watch period the rates are not compared
 *                                  (out-of-memory still is); default 20
 * @param errorRateIncreasePoints   roll back when the error rate rises by more than this many percentage points;
 *                                  default 2
 * @param timeoutRateIncreasePoints roll back when the timeout rate rises by more than this many percentage points;
 *                                  default 0.5
 * @param durationIncreasePercent   roll back when the average duration grows by more than this share; default 25
 */
public record VerifySettings(
        long minWatchInvocations,
        double errorRateIncreasePoints,
        double timeoutRateIncreasePoints,
        double durationIncreasePercent) {

    /** The documented defaults. */
    public static final VerifySettings DEFAULTS = new VerifySettings(20, 2.0, 0.5, 25.0);

    public VerifySettings {
        if (minWatchInvocations < 0) {
            throw new IllegalArgumentException("minWatchInvocations must not be negative: " + minWatchInvocations);
        }
        requireRange("errorRateIncreasePoints", errorRateIncreasePoints, 0, 100);
        requireRange("timeoutRateIncreasePoints", timeoutRateIncreasePoints, 0, 100);
        requireRange("durationIncreasePercent", durationIncreasePercent, 0, 10_000);
    }

    /**
     * Reads {@code VERIFY_MIN_INVOCATIONS}, {@code VERIFY_ERROR_RATE_POINTS}, {@code VERIFY_TIMEOUT_RATE_POINTS} and
     * {@code VERIFY_DURATION_PERCENT}; absent ones keep their defaults.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a number or out of range
     */
    public static VerifySettings fromEnvironment(Map<String, String> env) {
        VerifySettings d = DEFAULTS;
        return new VerifySettings(
                (long) number(env, "VERIFY_MIN_INVOCATIONS", d.minWatchInvocations),
                number(env, "VERIFY_ERROR_RATE_POINTS", d.errorRateIncreasePoints),
                number(env, "VERIFY_TIMEOUT_RATE_POINTS", d.timeoutRateIncreasePoints),
                number(env, "VERIFY_DURATION_PERCENT", d.durationIncreasePercent));
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(raw.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'", e);
        }
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
