package io.rightsizer.apply;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplySettingsTest {

    @Test
    void defaultsAreNoDryRunAndAOneDayGuard() {
        ApplySettings s = ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "rightsizer"));
        assertThat(s.dryRun()).isFalse();
        assertThat(s.watch()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void readsDryRunAndWatchSeconds() {
        ApplySettings s = ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t", "DRY_RUN", "TRUE", "WATCH_SECONDS", "5"));
        assertThat(s.dryRun()).isTrue();
        assertThat(s.watch()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theDecisionsTopicIsOptionalAndMustBeAnSnsTopicArn() {
        assertThat(ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t")).decisionsTopicArn()).isEmpty();
        assertThat(ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t", "DECISIONS_TOPIC_ARN", " ")).decisionsTopicArn())
                .isEmpty();
        assertThat(ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t",
                "DECISIONS_TOPIC_ARN", "arn:aws:sns:eu-west-1:111122223333:Rightsizer-decisions")).decisionsTopicArn())
                .contains("arn:aws:sns:eu-west-1:111122223333:Rightsizer-decisions");
        assertThatThrownBy(() -> ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t",
                "DECISIONS_TOPIC_ARN", "Rightsizer-decisions")))
                .hasMessage("DECISIONS_TOPIC_ARN must be an SNS topic ARN, got 'Rightsizer-decisions'");
    }

    @Test
    void readsTheExclusionsToo() {
        ApplySettings s = ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t", "DENY_LIST", "rightsizer-apply,payments"));
        assertThat(s.exclusion().denyList()).containsExactlyInAnyOrder("rightsizer-apply", "payments");
        assertThat(s.exclusion().tagKey()).isEqualTo("rightsizer:exclude");
    }

    @Test
    void missingTableAndBadValuesFailInitWithTheVariableName() {
        assertThatThrownBy(() -> ApplySettings.fromEnvironment(Map.of())).hasMessageContaining("TABLE_NAME");
        assertThatThrownBy(() -> ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t", "DRY_RUN", "yes")))
                .hasMessageContaining("DRY_RUN must be true or false");
        assertThatThrownBy(() -> ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t", "WATCH_SECONDS", "1d")))
                .hasMessageContaining("WATCH_SECONDS");
        assertThatThrownBy(() -> ApplySettings.fromEnvironment(Map.of("TABLE_NAME", "t", "WATCH_SECONDS", "-1")))
                .hasMessageContaining("WATCH_SECONDS");
    }

    @Test
    void theLambdaConstructorFailsInitNamingTheMissingVariable() {
        // The test environment sets no TABLE_NAME, as a misconfigured deployment would.
        assertThatThrownBy(ApplyHandler::new).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TABLE_NAME must be set");
    }
}
