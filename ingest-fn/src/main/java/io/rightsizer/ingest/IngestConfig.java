package io.rightsizer.ingest;

import io.rightsizer.domain.window.WindowSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest function's settings, read once at init from its environment.
 *
 * @param tableName       {@code TABLE_NAME}: the single DynamoDB table
 * @param stateMachineArn {@code STATE_MACHINE_ARN}: the window state machine
 * @param windowDays      {@code WINDOW_DAYS} (default 14): a window's length
 * @param dayTtlDays      {@code DAY_TTL_DAYS} (default 60): how long day items live after their day
 * @param closeGraceDays  {@code WINDOW_CLOSE_GRACE_DAYS}: after its end plus this, an unclosed window counts as
 *                        over; by default, and at least, what an execution can outlive its window by with the guard
 *                        period {@code WATCH_SECONDS} (default 86400) that apply-fn watches a change for
 *                        ({@link WindowSettings#minimumCloseGrace}, 8 days for the default day)
 */
public record IngestConfig(String tableName, String stateMachineArn, int windowDays, int dayTtlDays,
                           int closeGraceDays) {

    public IngestConfig {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        if (!stateMachineArn.startsWith("arn:") || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("STATE_MACHINE_ARN is not a state machine ARN: " + stateMachineArn);
        }
        if (windowDays < 1 || windowDays > 365) {
            throw new IllegalArgumentException("WINDOW_DAYS must be 1..365 (a Step Functions wait lasts at most a"
                    + " year): " + windowDays);
        }
        if (dayTtlDays < windowDays || dayTtlDays > 3650) {
            throw new IllegalArgumentException("DAY_TTL_DAYS must be at least WINDOW_DAYS (" + windowDays
                    + ", or the evaluation finds its days expired) and at most 3650: " + dayTtlDays);
        }
        if (closeGraceDays < 0 || closeGraceDays > 365) {
            throw new IllegalArgumentException("WINDOW_CLOSE_GRACE_DAYS must be 0..365: " + closeGraceDays);
        }
    }

    /** The configuration in {@code env}; every missing or invalid variable is named in one error. */
    public static IngestConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String table = required(env, "TABLE_NAME", problems);
        String stateMachine = required(env, "STATE_MACHINE_ARN", problems);
        int window = integer(env, "WINDOW_DAYS", 14, problems);
        int ttl = integer(env, "DAY_TTL_DAYS", 60, problems);
        long watchSeconds = integer(env, "WATCH_SECONDS", (int) WindowSettings.DEFAULT_WATCH.toSeconds(), problems);
        int minimumGrace = watchSeconds < 0 ? 0
                : (int) WindowSettings.minimumCloseGrace(Duration.ofSeconds(watchSeconds)).toDays();
        int grace = integer(env, "WINDOW_CLOSE_GRACE_DAYS", minimumGrace, problems);
        if (watchSeconds < 0) {
            problems.add("environment variable WATCH_SECONDS must not be negative, not " + watchSeconds);
        } else if (grace < minimumGrace) {
            // Shorter, and ingest would open the function's next window while its execution still watches a change.
            problems.add("environment variable WINDOW_CLOSE_GRACE_DAYS (" + grace + ") is shorter than an execution"
                    + " outlives its window with WATCH_SECONDS=" + watchSeconds + ": at least " + minimumGrace
                    + " days (leave it unset to get exactly that)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ingest-fn configuration: " + String.join("; ", problems));
        }
        try {
            return new IngestConfig(table, stateMachine, window, ttl, grace);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ingest-fn configuration: " + e.getMessage(), e);
        }
    }

    public Duration windowLength() {
        return Duration.ofDays(windowDays);
    }

    public Duration dayTtl() {
        return Duration.ofDays(dayTtlDays);
    }

    public Duration closeGrace() {
        return Duration.ofDays(closeGraceDays);
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            problems.add("environment variable " + name + " is missing");
            return null;
        }
        return value.trim();
    }

    private static int integer(Map<String, String> env, String name, int fallback, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add("environment variable " + name + " must be a whole number of days, not '" + value + "'");
            return fallback;
        }
    }
}
