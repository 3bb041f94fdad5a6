package io.rightsizer.apply;

import io.rightsizer.domain.function.ExclusionRule;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * apply-fn's environment, validated at init.
 *
 * @param tableName the Rightsizer table ({@code TABLE_NAME}, required)
 * @param dryRun    record decisions without changing anything ({@code DRY_RUN}, default false)
 * @param watch     the guard period after a change ({@code WATCH_SECONDS}, default 86400): it starts at the end of
 *                  the UTC day of the change, so the default watches one whole day after it
 * @param exclusion {@code EXCLUDE_TAG} and {@code DENY_LIST} again: a function excluded between Evaluate and Apply
 *                  is not changed
 */
public record ApplySettings(String tableName, boolean dryRun, Duration watch, ExclusionRule exclusion) {

    /** The guard period when none is configured: one day. */
    public static final Duration DEFAULT_WATCH = Duration.ofDays(1);
    /**
     * Added to the end of the guard period so the usage of its last minutes has reached the table: the extension
     * flushes within seconds and ingest's event source batches for up to 300 s.
     */
    public static final Duration INGESTION_MARGIN = Duration.ofMinutes(10);
    /** Step Functions waits at most a year. */
    private static final long MAX_WATCH_SECONDS = 365L * 24 * 3600;

    public ApplySettings {
        java.util.Objects.requireNonNull(exclusion, "exclusion");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set to the Rightsizer table");
        }
        if (watch == null || watch.isNegative() || watch.toSeconds() > MAX_WATCH_SECONDS) {
            throw new IllegalArgumentException("WATCH_SECONDS must be between 0 and " + MAX_WATCH_SECONDS
                    + ", got " + (watch == null ? null : watch.toSeconds()));
        }
    }

    /** Settings without exclusions beyond the default tag. */
    public ApplySettings(String tableName, boolean dryRun, Duration watch) {
        this(tableName, dryRun, watch, ExclusionRule.of(null, null));
    }

    /** Reads {@code TABLE_NAME}, {@code DRY_RUN}, {@code WATCH_SECONDS}, {@code EXCLUDE_TAG} and {@code DENY_LIST}. */
    public static ApplySettings fromEnvironment(Map<String, String> env) {
        String dry = env.getOrDefault("DRY_RUN", "false").trim().toLowerCase(Locale.ROOT);
        if (!dry.equals("true") && !dry.equals("false") && !dry.isEmpty()) {
            throw new IllegalArgumentException("DRY_RUN must be true or false, got '" + env.get("DRY_RUN") + "'");
        }
        String watch = env.get("WATCH_SECONDS");
        long seconds;
        try {
            seconds = watch == null || watch.isBlank() ? DEFAULT_WATCH.toSeconds() : Long.parseLong(watch.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WATCH_SECONDS must be a whole number of seconds, got '" + watch + "'", e);
        }
        return new ApplySettings(env.get("TABLE_NAME"), dry.equals("true"), Duration.ofSeconds(seconds),
                ExclusionRule.of(env.get("EXCLUDE_TAG"), env.get("DENY_LIST")));
    }
}
