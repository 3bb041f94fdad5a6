package io.rightsizer.domain.function;

import io.rightsizer.domain.cost.Architecture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExclusionRuleTest {

    private static FunctionConfig function(String name, Map<String, String> tags) {
        return new FunctionConfig("arn:aws:lambda:eu-west-1:111122223333:function:" + name, name, 512, "r1",
                "Successful", "Active", Architecture.ARM64, tags);
    }

    @Test
    void theExclusionTagSetToTrueInAnyCaseExcludes() {
        ExclusionRule rule = ExclusionRule.of(null, null);

        assertThat(rule.reason(function("a", Map.of("rightsizer:exclude", " TRUE ")))).contains(
                "the function is tagged rightsizer:exclude=true");
        assertThat(rule.reason(function("a", Map.of("rightsizer:exclude", "false")))).isEmpty();
        assertThat(rule.reason(function("a", Map.of()))).isEmpty();
    }

    @Test
    void aConfiguredTagKeyReplacesTheDefault() {
        ExclusionRule rule = ExclusionRule.of("team:no-tuning", "");

        assertThat(rule.reason(function("a", Map.of("team:no-tuning", "true")))).isPresent();
        assertThat(rule.reason(function("a", Map.of("rightsizer:exclude", "true")))).isEmpty();
    }

    @Test
    void theDenyListMatchesNamesAndArns() {
        ExclusionRule rule = ExclusionRule.of(null, " payments , arn:aws:lambda:eu-west-1:111122223333:function:ledger,");

        assertThat(rule.denyList()).hasSize(2);
        assertThat(rule.reason(function("payments", Map.of()))).contains("the function is on the deny list");
        assertThat(rule.reason(function("ledger", Map.of()))).isPresent();
        assertThat(rule.reason(function("orders", Map.of()))).isEmpty();
    }

    @Test
    void anUpdateInProgressIsSeenFromEitherStatus() {
        assertThat(new FunctionConfig("arn", "f", 128, null, "InProgress", "Active", Architecture.X86_64, null)
                .updateInProgress()).isTrue();
        assertThat(new FunctionConfig("arn", "f", 128, null, null, "Pending", Architecture.X86_64, null)
                .updateInProgress()).isTrue();
        assertThat(new FunctionConfig("arn", "f", 128, null, "Successful", "Active", Architecture.X86_64, null)
                .updateInProgress()).isFalse();
        assertThatThrownBy(() -> new FunctionConfig("arn", "f", 0, null, null, null, Architecture.X86_64, null))
                .hasMessageContaining("memorySizeMb");
    }
}
