package io.rightsizer.domain.function;

import io.rightsizer.domain.cost.Architecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModeRuleTest {

    private static final String ACCOUNT = "111122223333";
    private static final ModeRule DEFAULTS = ModeRule.of(null, null,
            "Rightsizer-extension-x86_64,Rightsizer-extension-arm64");

    private static FunctionConfig function(Map<String, String> tags, String... layers) {
        return new FunctionConfig("arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:orders", "orders", 1024, "r1",
                "Successful", "Active", Architecture.ARM64, tags, List.of(layers));
    }

    private static String layer(String account, String name) {
        return "arn:aws:lambda:eu-west-1:" + account + ":layer:" + name + ":7";
    }

    @Test
    void aFunctionRunningTheExtensionLayerWasOptedInAndIsApplied() {
        ModeRule.Resolved r = DEFAULTS.resolve(function(Map.of(), layer(ACCOUNT, "Rightsizer-extension-arm64")),
                FunctionOverrides.NONE);

        assertThat(r.mode()).isEqualTo(ChangeMode.APPLY);
        assertThat(r.where()).contains("opted in with the extension");
    }

    @Test
    void aFunctionWithoutTheLayerCameThroughTheAccountSubscriptionAndIsOnlyRecommended() {
        ModeRule.Resolved r = DEFAULTS.resolve(function(Map.of(), layer(ACCOUNT, "someone-elses-layer")),
                FunctionOverrides.NONE);

        assertThat(r.mode()).isEqualTo(ChangeMode.RECOMMEND);
        assertThat(r.where()).contains("account-level log subscription");
    }

    @Test
    void aLayerOfTheSameNameInAnotherAccountIsNotTheDeploymentsExtension() {
        ModeRule.Resolved r = DEFAULTS.resolve(function(Map.of(), layer("999999999999", "Rightsizer-extension-arm64")),
                FunctionOverrides.NONE);

        assertThat(r.mode()).isEqualTo(ChangeMode.RECOMMEND);
    }

    @Test
    void theModeTagBeatsTheWayTheFunctionCame() {
        FunctionConfig subscribed = function(Map.of("rightsizer:mode", "apply"));
        ModeRule.Resolved r = DEFAULTS.resolve(subscribed, FunctionOverrides.fromTags(subscribed.tags()));

        assertThat(r.mode()).isEqualTo(ChangeMode.APPLY);
        assertThat(r.where()).isEqualTo("from tag rightsizer:mode");
    }

    @Test
    void theAccountSubscriptionCanBeSetToApply() {
        ModeRule rule = ModeRule.of("apply", "APPLY", "");

        assertThat(rule.resolve(function(Map.of()), FunctionOverrides.NONE).mode()).isEqualTo(ChangeMode.APPLY);
    }

    @Test
    void aModeThatIsNeitherIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ModeRule.of("aply", null, null))
                .hasMessageStartingWith("MODE must be recommend (decide and record, never change a function) or apply")
                .hasMessageEndingWith("got 'aply'");
        assertThatThrownBy(() -> ModeRule.of(null, "dry", null))
                .hasMessageStartingWith("ACCOUNT_SUBSCRIPTION_MODE must be");
    }
}
