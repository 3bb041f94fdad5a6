package io.rightsizer.apply;

import io.rightsizer.domain.function.ExclusionRule;
import io.rightsizer.domain.window.WindowSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * apply-fn's environment, validated at init.
 *
 * @param tableName    the Rightsizer table ({@code TABLE_NAME}, required)
 * @param dryRun       record decisions without changing anything ({@code DRY_RUN}, default false)
 * @param watch        the guard period after a change ({@code WATCH_SECONDS}, default 86400): it starts at the end of
 *                     the UTC day of the change, so the default watches one whole day after it
 * @param exclusion    {@code EXCLUDE_TAG} and {@code DENY_LIST} again: a function excluded between Evaluate and Apply
 *                     is not changed
 * @param pollInterval how long the state machine waits before asking again while Lambda applies a change
 *                     ({@code UPDATE_POLL_SECONDS}, default 5)
 * @param updateWait   how long after its intent a change still InProgress is waited for; after that it is watched as
 *                     made ({@code UPDATE_WAIT_SECONDS}, default 600)
 * @param decisionsTopicArn the SNS topic told about each change, rollback and recommendation
 *                     ({@code DECISIONS_TOPIC_ARN}); empty: nobody is told
 */
public record ApplySettings(String tableName, boolean dryRun, Duration watch, ExclusionRule exclusion,
                            Duration pollInterval, Duration updateWait, java.util.Optional<String> decisionsTopicArn) {

    /** The guard period when none is configured: one day. */
    public static final Duration DEFAULT_WATCH = WindowSettings.DEFAULT_WATCH;
    /** How long the state machine waits between two looks at an update InProgress, unless configured. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    /** How long an update InProgress is waited for, unless configured (the SDK's waiter gives up after 5 minutes). */
    public static final Duration DEFAULT_UPDATE_WAIT = Duration.ofMinutes(10);
    /**
     * Added to the end of the guard period so the usage of its last minutes has reached the table: the extension
     * flushes within seconds and ingest's event source batches for up to 300 s.
     */
    public static final Duration INGESTION_MARGIN = Duration.ofMinutes(10);
    /** Step Functions waits at most a year. */
    private static final long MAX_WATCH_SECONDS = 365L * 24 * 3600;

    public ApplySettings {
        java.util.Objects.requireNonNull(exclusion, "exclusion");
        decisionsTopicArn = decisionsTopicArn == null ? java.util.Optional.empty()
                : decisionsTopicArn.map(String::trim).filter(t -> !t.isEmpty());
        decisionsTopicArn.ifPresent(t -> {
            if (!t.matches("arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}")) {
                throw new IllegalArgumentException("DECISIONS_TOPIC_ARN must be an SNS topic ARN, got '" + t + "'");
            }
        });
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set to the Rightsizer table");
        }
        if (watch == null || watch.isNegative() || watch.toSeconds() > MAX_WATCH_SECONDS) {
            throw new IllegalArgumentException("WATCH_SECONDS must be between 0 and " + MAX_WATCH_SECONDS
                    + ", got " + (watch == null ? null : watch.toSeconds()));
        }
        if (pollInterval == null || pollInterval.toSeconds() < 1 || pollInterval.toSeconds() > 300) {
            throw new IllegalArgumentException("UPDATE_POLL_SECONDS must be between 1 and 300, got "
                    + (pollInterval == null ? null : pollInterval.toSeconds()));
        }
        if (updateWait == null || updateWait.isNegative() || updateWait.toSeconds() > 3600) {
            throw new IllegalArgumentException("UPDATE_WAIT_SECONDS must be between 0 and 3600, got "
                    + (updateWait == null ? null : updateWait.toSeconds()));
        }
    }

    /** Settings with the default exclusions, poll interval and update wait, telling nobody. */
    public ApplySettings(String tableName, boolean dryRun, Duration watch) {
        this(tableName, dryRun, watch, ExclusionRule.of(null, null), DEFAULT_POLL_INTERVAL, DEFAULT_UPDATE_WAIT);
    }

    /** Settings that tell nobody about decisions. */
    public ApplySettings(String tableName, boolean dryRun, Duration watch, ExclusionRule exclusion,
                         Duration pollInterval, Duration updateWait) {
        this(tableName, dryRun, watch, exclusion, pollInterval, updateWait, java.util.Optional.empty());
    }

    /**
     * Reads {@code TABLE_NAME}, {@code DRY_RUN}, {@code WATCH_SECONDS}, {@code EXCLUDE_TAG}, {@code DENY_LIST},
     * {@code UPDATE_POLL_SECONDS}, {@code UPDATE_WAIT_SECONDS} and {@code DECISIONS_TOPIC_ARN}.
     */
    public static ApplySettings fromEnvironment(Map<String, String> env) {
        String dry = env.getOrDefault("DRY_RUN", "false").trim().toLowerCase(Locale.ROOT);
        if (!dry.equals("true") && !dry.equals("false") && !dry.isEmpty()) {
            throw new IllegalArgumentException("DRY_RUN must be true or false, got '" + env.get("DRY_RUN") + "'");
        }
        return new ApplySettings(env.get("TABLE_NAME"), dry.equals("true"),
                seconds(env, "WATCH_SECONDS", DEFAULT_WATCH),
                ExclusionRule.of(env.get("EXCLUDE_TAG"), env.get("DENY_LIST")),
                seconds(env, "UPDATE_POLL_SECONDS", DEFAULT_POLL_INTERVAL),
                seconds(env, "UPDATE_WAIT_SECONDS", DEFAULT_UPDATE_WAIT),
                java.util.Optional.ofNullable(env.get("DECISIONS_TOPIC_ARN")));
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(raw.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, got '" + raw + "'", e);
        }
    }
}
