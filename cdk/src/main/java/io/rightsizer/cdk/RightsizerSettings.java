package io.rightsizer.cdk;

import io.rightsizer.domain.function.ChangeMode;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.window.WindowSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything a user tunes about a Rightsizer deployment, validated on construction; built in code with
 * {@link #builder()} or read from CDK context with {@link #fromContext(ContextSource)}.
 *
 * @param windowDays               days of data per sizing window (the first wait of every execution); default 14
 * @param dayTtlDays               days a per-day usage item lives before DynamoDB expires it; default 60
 * @param policy                   the sizing policy's knobs: {@code seedHeadroomMb} is the buffer added to the average
 *                                 daily maximum, {@code maxMemoryMb} the upper memory limit
 * @param guardPeriodSeconds       how long a new size is watched before it is kept or rolled back; default 86400
 * @param dryRun                   decide and record, but never update a function; default false
 * @param excludeTag               a function tagged {@code <excludeTag>=true} is never resized; default
 *                                 {@code rightsizer:exclude}
 * @param denyList                 function names or ARNs never to resize, besides Rightsizer's own functions
 * @param ingestBatchSize          Kinesis records per ingest invocation (1–10000); default 1000
 * @param ingestBatchingWindowSeconds seconds Lambda gathers records before invoking ingest (0–300); default 300:
 *                                 sizing works on days, and fewer, larger batches mean fewer table writes
 * @param streamShards             0 for an on-demand stream (the default), or a fixed number of provisioned shards,
 *                                 which costs less for a small, steady fleet
 * @param ingestRetryAttempts      retries of a failing batch before it goes to the dead-letter bucket; default 5
 * @param logRetentionDays         retention of every log group of the stack (a CloudWatch Logs value); default 30
 * @param accountLogSubscription   also create the account-level subscription filter policy (REPORT lines of every
 *                                 log group to the stream); default false
 * @param alarmTopicArn            an SNS topic every alarm notifies, if any
 * @param retainData               keep the table, the stream and the dead-letter bucket when the stack is deleted;
 *                                 default true
 * @param deadLetterDays           days the dead-letter bucket keeps the batches ingest gave up on; default 30
 * @param mode                     what happens to the decisions of functions opted in one by one (they run the
 *                                 extension layer, e.g. through {@code RightsizerMonitor}): {@code apply} (default:
 *                                 opting in is consent) or {@code recommend}
 * @param accountSubscriptionMode  the same for functions only the account-level log subscription reaches: default
 *                                 {@code recommend} (decide and record, never change) until set to {@code apply}
 * @param notifyEmail              an e-mail address subscribed to the decisions topic, if any
 */
public record RightsizerSettings(
        int windowDays,
        int dayTtlDays,
        PolicySettings policy,
        long guardPeriodSeconds,
        boolean dryRun,
        String excludeTag,
        List<String> denyList,
        int ingestBatchSize,
        int ingestBatchingWindowSeconds,
        int ingestRetryAttempts,
        int streamShards,
        int logRetentionDays,
        boolean accountLogSubscription,
        Optional<String> alarmTopicArn,
        boolean retainData,
        int deadLetterDays,
        ChangeMode mode,
        ChangeMode accountSubscriptionMode,
        Optional<String> notifyEmail) {

    /** The tag key that excludes a function unless configured otherwise. */
    public static final String DEFAULT_EXCLUDE_TAG = "rightsizer:exclude";

    /** Retention periods CloudWatch Logs accepts, in days. */
    static final List<Integer> LOG_RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** A Standard execution lives at most a year. */
    static final int MAX_EXECUTION_DAYS = 365;
    private static final long MAX_EXECUTION_SECONDS = MAX_EXECUTION_DAYS * 86_400L;

    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    /** One address, as SNS takes it for an e-mail subscription (no display name, no list). */
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    public RightsizerSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(excludeTag, "excludeTag");
        denyList = List.copyOf(Objects.requireNonNull(denyList, "denyList"));
        alarmTopicArn = Objects.requireNonNull(alarmTopicArn, "alarmTopicArn").filter(s -> !s.isBlank());
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(accountSubscriptionMode, "accountSubscriptionMode");
        notifyEmail = Objects.requireNonNull(notifyEmail, "notifyEmail").map(String::trim).filter(s -> !s.isEmpty());
        notifyEmail.ifPresent(address -> {
            if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
                throw new IllegalArgumentException("notifyEmail must be one e-mail address (name@example.com), got '"
                        + address + "'");
            }
        });
        requireRange("windowDays", windowDays, 1, 365);
        requireRange("guardPeriodSeconds", guardPeriodSeconds, 0, MAX_EXECUTION_SECONDS);
        long graceDays = windowCloseGraceDays(guardPeriodSeconds);
        if (windowDays + graceDays > MAX_EXECUTION_DAYS) {
            throw new IllegalArgumentException("windowDays (" + windowDays + ") plus the window close grace ("
                    + graceDays + " days for a guardPeriodSeconds of " + guardPeriodSeconds + ": (the guard period in"
                    + " whole days + 1) x 3 watched changes + 2) must fit in one Step Functions execution ("
                    + MAX_EXECUTION_DAYS + " days)");
        }
        long neededDays = windowDays + graceDays;
        if (dayTtlDays < neededDays) {
            throw new IllegalArgumentException("dayTtlDays must be at least windowDays + the window close grace ("
                    + neededDays + ") so the verify step still finds the window's data, got " + dayTtlDays);
        }
        requireRange("dayTtlDays", dayTtlDays, 1, 3650);
        if (!TAG_KEY.matcher(excludeTag).matches() || excludeTag.toLowerCase().startsWith("aws:")) {
            throw new IllegalArgumentException("excludeTag must be a valid tag key (1-128 letters, digits, spaces and"
                    + " _.:/=+-@, not starting with aws:), got '" + excludeTag + "'");
        }
        for (String entry : denyList) {
            if (entry == null || entry.isBlank() || entry.contains(",")) {
                throw new IllegalArgumentException("denyList entries must be function names or ARNs without commas,"
                        + " got '" + entry + "'");
            }
        }
        requireRange("ingestBatchSize", ingestBatchSize, 1, 10_000);
        requireRange("ingestBatchingWindowSeconds", ingestBatchingWindowSeconds, 0, 300);
        requireRange("ingestRetryAttempts", ingestRetryAttempts, 0, 10_000);
        requireRange("streamShards", streamShards, 0, 500);
        requireRange("deadLetterDays", deadLetterDays, 1, 3650);
        if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
            throw new IllegalArgumentException("logRetentionDays must be one of " + LOG_RETENTION_DAYS + ", got "
                    + logRetentionDays);
        }
        alarmTopicArn.ifPresent(arn -> {
            if (!arn.startsWith("arn:") || !arn.contains(":sns:")) {
                throw new IllegalArgumentException("alarmTopicArn must be an SNS topic ARN, got '" + arn + "'");
            }
        });
    }

    /** The documented defaults. */
    public static RightsizerSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads every setting from CDK context ({@code cdk.json} or {@code -c key=value}); absent keys keep their
     * defaults. Keys are the component names ({@code windowDays}, {@code dryRun}, ...) plus the policy's
     * ({@code seedHeadroomMb}, {@code peakHeadroomPercent}, {@code spikeHeadroomPercent}, {@code maxMemoryMb},
     * {@code minChangeMb}, {@code minChangePercent}, {@code minDays}, {@code minInvocations},
     * {@code oomIncreasePercent}, {@code oomMaxIncreasePercent}, {@code projectionDays} — by default the window and
     * the watch after it, {@code windowDays} + the guard period in whole days + 1 — and
     * {@code trendConfidencePercent});
     * {@code denyList} is a comma-separated string or a JSON list.
     *
     * @throws IllegalArgumentException naming the key when a value has the wrong type or is out of range
     */
    public static RightsizerSettings fromContext(ContextSource context) {
        ContextReader read = new ContextReader(context);
        RightsizerSettings d = defaults();
        PolicySettings p = d.policy();
        int oomIncrease = read.integer("oomIncreasePercent", p.oomIncreasePercent());
        // A size chosen after one window lives through the next window and the watch of its own change (the guard
        // period in whole days, starting at the next UTC day): that is how far a growth trend is projected.
        int projection = read.integer("windowDays", d.windowDays())
                + (int) ((read.longInteger("guardPeriodSeconds", d.guardPeriodSeconds()) + 86_399) / 86_400) + 1;
        PolicySettings policy = new PolicySettings(
                read.integer("seedHeadroomMb", p.seedHeadroomMb()),
                read.integer("peakHeadroomPercent", p.peakHeadroomPercent()),
                read.integer("maxMemoryMb", p.maxMemoryMb()),
                read.integer("minChangeMb", p.minChangeMb()),
                read.integer("minChangePercent", p.minChangePercent()),
                read.integer("minDays", p.minDays()),
                read.longInteger("minInvocations", p.minInvocations()),
                oomIncrease,
                read.integer("oomMaxIncreasePercent", Math.max(oomIncrease, p.oomMaxIncreasePercent())),
                read.integer("projectionDays", projection),
                read.integer("trendConfidencePercent", p.trendConfidencePercent()),
                read.integer("spikeHeadroomPercent", p.spikeHeadroomPercent()));
        return new RightsizerSettings(
                read.integer("windowDays", d.windowDays()),
                read.integer("dayTtlDays", d.dayTtlDays()),
                policy,
                read.longInteger("guardPeriodSeconds", d.guardPeriodSeconds()),
                read.bool("dryRun", d.dryRun()),
                read.string("excludeTag", d.excludeTag()),
                read.list("denyList", d.denyList()),
                read.integer("ingestBatchSize", d.ingestBatchSize()),
                read.integer("ingestBatchingWindowSeconds", d.ingestBatchingWindowSeconds()),
                read.integer("ingestRetryAttempts", d.ingestRetryAttempts()),
                read.integer("streamShards", d.streamShards()),
                read.integer("logRetentionDays", d.logRetentionDays()),
                read.bool("accountLogSubscription", d.accountLogSubscription()),
                Optional.ofNullable(read.string("alarmTopicArn", null)),
                read.bool("retainData", d.retainData()),
                read.integer("deadLetterDays", d.deadLetterDays()),
                read.mode("mode", d.mode()),
                read.mode("accountSubscriptionMode", d.accountSubscriptionMode()),
                Optional.ofNullable(read.string("notifyEmail", null)));
    }

    /**
     * Ingest's {@code WINDOW_CLOSE_GRACE_DAYS}: how long after a window's end ingest still takes its execution to be
     * running, so it never opens the next window of a function while the previous execution still watches. The one
     * rule is the domain's ({@link WindowSettings#minimumCloseGrace}), the one ingest itself defaults to and enforces.
     */
    public int windowCloseGraceDays() {
        return (int) windowCloseGraceDays(guardPeriodSeconds);
    }

    private static long windowCloseGraceDays(long guardPeriodSeconds) {
        return WindowSettings.minimumCloseGrace(java.time.Duration.ofSeconds(guardPeriodSeconds)).toDays();
    }

    /**
     * Environment of evaluate-fn besides the table: exclusion, deny list, policy knobs and the modes, with the names of
     * the deployment's extension layers (a function running one was opted in one by one).
     */
    Map<String, String> evaluateEnvironment(List<String> ownFunctionNames, List<String> extensionLayerNames) {
        Map<String, String> env = new LinkedHashMap<>(new TreeMap<>(policy.toEnvironment()));
        env.put("EXCLUDE_TAG", excludeTag);
        env.put("DENY_LIST", String.join(",", fullDenyList(ownFunctionNames)));
        env.put("MODE", mode.id());
        env.put("ACCOUNT_SUBSCRIPTION_MODE", accountSubscriptionMode.id());
        env.put("EXTENSION_LAYERS", String.join(",", extensionLayerNames));
        return env;
    }

    /** The configured deny list followed by Rightsizer's own functions. */
    List<String> fullDenyList(List<String> ownFunctionNames) {
        List<String> all = new ArrayList<>(denyList);
        for (String own : ownFunctionNames) {
            if (!all.contains(own)) {
                all.add(own);
            }
        }
        return all;
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Builds settings from the defaults, one named setting at a time. */
    public static final class Builder {
        private int windowDays = 14;
        private int dayTtlDays = 60;
        private PolicySettings policy = PolicySettings.DEFAULTS;
        private long guardPeriodSeconds = 86_400;
        private boolean dryRun = false;
        private String excludeTag = DEFAULT_EXCLUDE_TAG;
        private List<String> denyList = List.of();
        private int ingestBatchSize = 1000;
        private int ingestBatchingWindowSeconds = 300;
        private int ingestRetryAttempts = 5;
        private int streamShards = 0;
        private int logRetentionDays = 30;
        private boolean accountLogSubscription = false;
        private String alarmTopicArn = null;
        private boolean retainData = true;
        private int deadLetterDays = 30;
        private ChangeMode mode = ChangeMode.APPLY;
        private ChangeMode accountSubscriptionMode = ChangeMode.RECOMMEND;
        private String notifyEmail = null;

        private Builder() {
        }

        public Builder windowDays(int v) { windowDays = v; return this; }
        public Builder dayTtlDays(int v) { dayTtlDays = v; return this; }
        public Builder policy(PolicySettings v) { policy = v; return this; }
        public Builder guardPeriodSeconds(long v) { guardPeriodSeconds = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder excludeTag(String v) { excludeTag = v; return this; }
        public Builder denyList(List<String> v) { denyList = v; return this; }
        public Builder ingestBatchSize(int v) { ingestBatchSize = v; return this; }
        public Builder ingestBatchingWindowSeconds(int v) { ingestBatchingWindowSeconds = v; return this; }
        public Builder ingestRetryAttempts(int v) { ingestRetryAttempts = v; return this; }
        public Builder streamShards(int v) { streamShards = v; return this; }
        public Builder logRetentionDays(int v) { logRetentionDays = v; return this; }
        public Builder accountLogSubscription(boolean v) { accountLogSubscription = v; return this; }
        public Builder alarmTopicArn(String v) { alarmTopicArn = v; return this; }
        public Builder retainData(boolean v) { retainData = v; return this; }
        public Builder deadLetterDays(int v) { deadLetterDays = v; return this; }
        public Builder mode(ChangeMode v) { mode = v; return this; }
        public Builder accountSubscriptionMode(ChangeMode v) { accountSubscriptionMode = v; return this; }
        public Builder notifyEmail(String v) { notifyEmail = v; return this; }

        public RightsizerSettings build() {
            return new RightsizerSettings(windowDays, dayTtlDays, policy, guardPeriodSeconds, dryRun, excludeTag,
                    denyList, ingestBatchSize, ingestBatchingWindowSeconds, ingestRetryAttempts, streamShards,
                    logRetentionDays,
                    accountLogSubscription, Optional.ofNullable(alarmTopicArn), retainData, deadLetterDays, mode,
                    accountSubscriptionMode, Optional.ofNullable(notifyEmail));
        }
    }
}
