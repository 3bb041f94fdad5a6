package io.rightsizer.cdk;

import io.rightsizer.domain.function.ChangeMode;
import io.rightsizer.domain.policy.PolicySettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every tunable setting is typed, defaulted, readable from CDK context and checked with a clear message. */
class RightsizerSettingsTest {

    private static RightsizerSettings fromContext(Map<String, Object> context) {
        return RightsizerSettings.fromContext(context::get);
    }

    @Test
    void noContextThenTheDocumentedDefaultsApply() {
        RightsizerSettings s = fromContext(Map.of());

        assertThat(s).isEqualTo(RightsizerSettings.defaults());
        assertThat(s.windowDays()).isEqualTo(14);
        assertThat(s.dayTtlDays()).isEqualTo(60);
        assertThat(s.policy()).isEqualTo(PolicySettings.DEFAULTS);
        assertThat(s.guardPeriodSeconds()).isEqualTo(86_400);
        assertThat(s.dryRun()).isFalse();
        assertThat(s.excludeTag()).isEqualTo("rightsizer:exclude");
        assertThat(s.denyList()).isEmpty();
        assertThat(s.logRetentionDays()).isEqualTo(30);
        assertThat(s.ingestBatchingWindowSeconds()).isEqualTo(300);
        assertThat(s.streamShards()).isZero();
        assertThat(s.accountLogSubscription()).isFalse();
        assertThat(s.alarmTopicArn()).isEmpty();
        assertThat(s.retainData()).isTrue();
        assertThat(s.mode()).isEqualTo(ChangeMode.APPLY);
        assertThat(s.accountSubscriptionMode()).isEqualTo(ChangeMode.RECOMMEND);
        assertThat(s.notifyEmail()).isEmpty();
    }

    @Test
    void functionsOptedInOneByOneAreAppliedAndTheAccountSubscriptionOnlyRecommendsByDefault() {
        Map<String, String> env = fromContext(Map.of("accountLogSubscription", "true"))
                .evaluateEnvironment(List.of(), List.of("Rightsizer-extension-x86_64", "Rightsizer-extension-arm64"));

        assertThat(env).containsEntry("MODE", "apply")
                .containsEntry("ACCOUNT_SUBSCRIPTION_MODE", "recommend")
                .containsEntry("EXTENSION_LAYERS", "Rightsizer-extension-x86_64,Rightsizer-extension-arm64");
    }

    @Test
    void bothModesAreSetByContextInAnyCase() {
        RightsizerSettings s = fromContext(Map.of("mode", "Recommend", "accountSubscriptionMode", "apply"));

        assertThat(s.mode()).isEqualTo(ChangeMode.RECOMMEND);
        assertThat(s.accountSubscriptionMode()).isEqualTo(ChangeMode.APPLY);
    }

    @Test
    void aModeThatIsNeitherFailsTheSynthesisWithTheReason() {
        assertThatThrownBy(() -> fromContext(Map.of("accountSubscriptionMode", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context 'accountSubscriptionMode' must be recommend (decide and record, never change a"
                        + " function) or apply (change, watch and roll back), got 'yes'");
        assertThatThrownBy(() -> fromContext(Map.of("mode", "dry-run")))
                .hasMessageStartingWith("context 'mode' must be recommend");
    }

    @Test
    void theNotificationAddressIsOneValidEmailAddress() {
        assertThat(fromContext(Map.of("notifyEmail", " platform@example.com ")).notifyEmail())
                .contains("platform@example.com");
        for (String bad : List.of("platform", "a@b", "a@example.com,b@example.com", "Team <t@example.com>")) {
            assertThatThrownBy(() -> fromContext(Map.of("notifyEmail", bad)))
                    .hasMessage("notifyEmail must be one e-mail address (name@example.com), got '" + bad + "'");
        }
    }

    @Test
    void jsonTypedValuesFromCdkJsonThenTheyAreRead() {
        RightsizerSettings s = fromContext(Map.of(
                "windowDays", 7, "seedHeadroomMb", 64, "maxMemoryMb", 3008, "dryRun", true,
                "denyList", List.of("a", "b"), "guardPeriodSeconds", 3600));

        assertThat(s.windowDays()).isEqualTo(7);
        assertThat(s.policy().seedHeadroomMb()).isEqualTo(64);
        assertThat(s.policy().maxMemoryMb()).isEqualTo(3008);
        assertThat(s.dryRun()).isTrue();
        assertThat(s.denyList()).containsExactly("a", "b");
        assertThat(s.guardPeriodSeconds()).isEqualTo(3600);
    }

    @Test
    void theNewPolicyKnobsAreReadAndTheProjectionFollowsTheWindowAndItsWatch() {
        RightsizerSettings s = fromContext(Map.of("windowDays", 7, "guardPeriodSeconds", 172_800,
                "spikeHeadroomPercent", "30", "oomMaxIncreasePercent", 200, "trendConfidencePercent", 90));

        assertThat(s.policy().projectionDays()).isEqualTo(7 + 2 + 1);
        assertThat(s.policy().spikeHeadroomPercent()).isEqualTo(30);
        assertThat(s.policy().oomMaxIncreasePercent()).isEqualTo(200);
        assertThat(s.policy().trendConfidencePercent()).isEqualTo(90);
        assertThat(fromContext(Map.of("projectionDays", 0)).policy().projectionDays()).isZero();
        assertThat(s.evaluateEnvironment(List.of(), List.of())).containsEntry("SPIKE_HEADROOM_PERCENT", "30")
                .containsEntry("PROJECTION_DAYS", "10").containsEntry("OOM_MAX_INCREASE_PERCENT", "200")
                .containsEntry("TREND_CONFIDENCE_PERCENT", "90");
    }

    @Test
    void stringValuesFromTheCommandLineThenTheyAreParsed() {
        RightsizerSettings s = fromContext(Map.of(
                "windowDays", "21", "dryRun", "TRUE", "denyList", " a , b ,", "minInvocations", "500",
                "alarmTopicArn", "arn:aws:sns:us-east-1:111122223333:ops"));

        assertThat(s.windowDays()).isEqualTo(21);
        assertThat(s.dryRun()).isTrue();
        assertThat(s.denyList()).containsExactly("a", "b");
        assertThat(s.policy().minInvocations()).isEqualTo(500);
        assertThat(s.alarmTopicArn()).contains("arn:aws:sns:us-east-1:111122223333:ops");
    }

    @Test
    void aNonNumberThenTheKeyIsNamed() {
        assertThatThrownBy(() -> fromContext(Map.of("windowDays", "two weeks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context 'windowDays' must be a whole number, got 'two weeks'");
    }

    @Test
    void aNonBooleanThenTheKeyIsNamed() {
        assertThatThrownBy(() -> fromContext(Map.of("dryRun", "yes")))
                .hasMessage("context 'dryRun' must be true or false, got 'yes'");
    }

    @Test
    void anUpperMemoryLimitAboveLambdasThenThePolicyRefusesIt() {
        assertThatThrownBy(() -> fromContext(Map.of("maxMemoryMb", "20000")))
                .hasMessageContaining("maxMemoryMb must be between 128 and 10240");
    }

    @Test
    void aWindowAndGuardPeriodLongerThanAnExecutionCanLiveThenTheyAreRefused() {
        assertThatThrownBy(() -> RightsizerSettings.builder().windowDays(360).guardPeriodSeconds(30L * 86_400)
                .dayTtlDays(400).build())
                .hasMessageContaining("must fit in one Step Functions execution");
    }

    @Test
    void aWindowAndACloseGraceFillingExactlyAYearThenTheyAreAcceptedAndOneSecondMoreIsRefused() {
        long guard = 100L * 86_400; // (100 whole days + 1) x 3 watched changes + 2 = 305 days of grace; 60 + 305 = 365
        RightsizerSettings fits = RightsizerSettings.builder().windowDays(60).guardPeriodSeconds(guard)
                .dayTtlDays(365).build();
        assertThat(fits.windowCloseGraceDays()).isEqualTo(305);

        assertThatThrownBy(() -> RightsizerSettings.builder().windowDays(60).guardPeriodSeconds(guard + 1)
                .dayTtlDays(400).build())
                .hasMessageContaining("windowDays (60) plus the window close grace (308 days")
                .hasMessageContaining("must fit in one Step Functions execution (365 days)");
    }

    @Test
    void theWindowCloseGraceIsTheDomainsOneRuleWhichIngestDefaultsToAndEnforces() {
        assertThat(RightsizerSettings.defaults().windowCloseGraceDays()).isEqualTo(8);
        for (long guard : new long[] {0, 86_400, 86_401, 172_800, 30L * 86_400}) {
            assertThat(RightsizerSettings.builder().guardPeriodSeconds(guard).dayTtlDays(365).build()
                    .windowCloseGraceDays())
                    .as("guard " + guard).isEqualTo(io.rightsizer.domain.window.WindowSettings
                            .minimumCloseGrace(java.time.Duration.ofSeconds(guard)).toDays());
        }
    }

    @Test
    void dayItemsThatExpireBeforeTheVerifyStepThenTheTtlIsRefused() {
        assertThatThrownBy(() -> RightsizerSettings.builder().windowDays(30).dayTtlDays(20).build())
                .hasMessageContaining("dayTtlDays must be at least windowDays + the window close grace (38)");
    }

    @Test
    void anInvalidTagKeyThenItIsRefused() {
        assertThatThrownBy(() -> RightsizerSettings.builder().excludeTag("aws:reserved").build())
                .hasMessageContaining("excludeTag must be a valid tag key");
        assertThatThrownBy(() -> RightsizerSettings.builder().excludeTag("no#hash").build())
                .hasMessageContaining("excludeTag");
    }

    @Test
    void aRetentionCloudWatchDoesNotOfferThenTheAllowedOnesAreListed() {
        assertThatThrownBy(() -> RightsizerSettings.builder().logRetentionDays(31).build())
                .hasMessageContaining("logRetentionDays must be one of [1, 3, 5, 7, 14, 30");
    }

    @Test
    void batchingOutsideLambdasLimitsThenItIsRefused() {
        assertThatThrownBy(() -> RightsizerSettings.builder().ingestBatchSize(20_000).build())
                .hasMessageContaining("ingestBatchSize must be between 1 and 10000");
        assertThatThrownBy(() -> RightsizerSettings.builder().ingestBatchingWindowSeconds(301).build())
                .hasMessageContaining("ingestBatchingWindowSeconds must be between 0 and 300");
    }

    @Test
    void theDeadLetterBucketKeepsBatchesThirtyDaysUnlessToldOtherwise() {
        assertThat(RightsizerSettings.defaults().deadLetterDays()).isEqualTo(30);
        assertThat(fromContext(Map.of("deadLetterDays", "7")).deadLetterDays()).isEqualTo(7);
        assertThatThrownBy(() -> RightsizerSettings.builder().deadLetterDays(0).build())
                .hasMessageContaining("deadLetterDays must be between 1 and 3650");
    }

    @Test
    void somethingOtherThanATopicArnThenTheAlarmTopicIsRefused() {
        assertThatThrownBy(() -> RightsizerSettings.builder().alarmTopicArn("ops-alerts").build())
                .hasMessageContaining("alarmTopicArn must be an SNS topic ARN");
        assertThat(RightsizerSettings.builder().alarmTopicArn(" ").build().alarmTopicArn()).isEqualTo(Optional.empty());
    }

    @Test
    void ownFunctionsFollowTheConfiguredDenyListOnce() {
        RightsizerSettings s = RightsizerSettings.builder().denyList(List.of("legacy", "Rightsizer-apply")).build();

        assertThat(s.fullDenyList(List.of("Rightsizer-ingest", "Rightsizer-apply")))
                .containsExactly("legacy", "Rightsizer-apply", "Rightsizer-ingest");
    }
}
