package io.rightsizer.evaluate;

import io.rightsizer.domain.function.ExclusionRule;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.verify.VerifySettings;

import java.util.Map;
import java.util.Objects;

/**
 * evaluate-fn's environment, validated at init.
 *
 * @param tableName the Rightsizer table ({@code TABLE_NAME}, required)
 * @param exclusion {@code EXCLUDE_TAG} (default {@code rightsizer:exclude}) and {@code DENY_LIST}
 * @param policy    the sizing policy's knobs ({@link PolicySettings#fromEnvironment})
 * @param verify    the verify thresholds ({@link VerifySettings#fromEnvironment})
 */
public record EvaluateSettings(String tableName, ExclusionRule exclusion, PolicySettings policy, VerifySettings verify) {

    public EvaluateSettings {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set to the Rightsizer table");
        }
        Objects.requireNonNull(exclusion, "exclusion");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verify, "verify");
    }

    public static EvaluateSettings fromEnvironment(Map<String, String> env) {
        return new EvaluateSettings(env.get("TABLE_NAME"), ExclusionRule.of(env.get("EXCLUDE_TAG"), env.get("DENY_LIST")),
                PolicySettings.fromEnvironment(env), VerifySettings.fromEnvironment(env));
    }
}
