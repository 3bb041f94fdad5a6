package io.rightsizer.evaluate;

import io.rightsizer.domain.function.ExclusionRule;
import io.rightsizer.domain.function.ModeRule;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.verify.VerifySettings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * evaluate-fn's environment, validated at init.
 *
 * @param tableName         the Rightsizer table ({@code TABLE_NAME}, required)
 * @param exclusion         {@code EXCLUDE_TAG} (default {@code rightsizer:exclude}) and {@code DENY_LIST}
 * @param policy            the sizing policy's knobs ({@link PolicySettings#fromEnvironment})
 * @param verify            the verify thresholds ({@link VerifySettings#fromEnvironment})
 * @param rememberRollbacks how long a size that was rolled back keeps the policy from decreasing to it or below
 *                          ({@code REMEMBER_ROLLBACK_DAYS}, default 90)
 * @param modes             which functions may be changed and which only get a recommendation ({@code MODE},
 *                          {@code ACCOUNT_SUBSCRIPTION_MODE}, {@code EXTENSION_LAYERS}; see {@link ModeRule})
 */
public record EvaluateSettings(String tableName, ExclusionRule exclusion, PolicySettings policy, VerifySettings verify,
                               Duration rememberRollbacks, ModeRule modes) {

    /** How long a rolled-back size is remembered unless configured. */
    public static final Duration DEFAULT_REMEMBER_ROLLBACKS = Duration.ofDays(90);

    public EvaluateSettings {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set to the Rightsizer table");
        }
        Objects.requireNonNull(exclusion, "exclusion");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(modes, "modes");
        if (rememberRollbacks == null || rememberRollbacks.isNegative()
                || rememberRollbacks.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("REMEMBER_ROLLBACK_DAYS must be between 0 and 3650, got "
                    + (rememberRollbacks == null ? null : rememberRollbacks.toDays()));
        }
    }

    /** Settings that remember rollbacks for the default 90 days and apply every function's decision. */
    public EvaluateSettings(String tableName, ExclusionRule exclusion, PolicySettings policy, VerifySettings verify) {
        this(tableName, exclusion, policy, verify, DEFAULT_REMEMBER_ROLLBACKS, ModeRule.APPLY_ALL);
    }

    /** These settings with another mode rule. */
    public EvaluateSettings withModes(ModeRule rule) {
        return new EvaluateSettings(tableName, exclusion, policy, verify, rememberRollbacks, rule);
    }

    public static EvaluateSettings fromEnvironment(Map<String, String> env) {
        String remember = env.get("REMEMBER_ROLLBACK_DAYS");
        Duration rememberRollbacks;
        try {
            rememberRollbacks = remember == null || remember.isBlank() ? DEFAULT_REMEMBER_ROLLBACKS
                    : Duration.ofDays(Long.parseLong(remember.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("REMEMBER_ROLLBACK_DAYS must be a whole number of days, got '"
                    + remember + "'", e);
        }
        return new EvaluateSettings(env.get("TABLE_NAME"), ExclusionRule.of(env.get("EXCLUDE_TAG"), env.get("DENY_LIST")),
                PolicySettings.fromEnvironment(env), VerifySettings.fromEnvironment(env), rememberRollbacks,
                // Unset, every function counts as reached through the account subscription: recommend, the safe side.
                ModeRule.of(env.get("MODE"), env.get("ACCOUNT_SUBSCRIPTION_MODE"), env.get("EXTENSION_LAYERS")));
    }
}
