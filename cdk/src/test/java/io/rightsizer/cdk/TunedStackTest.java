package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static io.rightsizer.cdk.TemplateJson.functionId;
import static io.rightsizer.cdk.TemplateJson.render;
import static io.rightsizer.cdk.TemplateJson.renderedResources;
import static io.rightsizer.cdk.TemplateJson.resources;
import static io.rightsizer.cdk.TemplateJson.roleOf;
import static io.rightsizer.cdk.TemplateJson.single;
import static io.rightsizer.cdk.TemplateJson.statementsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** A stack tuned through context values, as {@code -c key=value} passes them: every knob reaches its resource. */
class TunedStackTest {

    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void synthesise() {
        SynthesisedApp app = SynthesisedApp.get();
        template = app.tunedTemplate;
        json = app.tunedJson;
    }

    private static String env(String function, String variable) {
        return render(json.path("Resources").path(functionId(json, function)).path("Properties")
                .path("Environment").path("Variables").path(variable));
    }

    @Test
    void windowBufferPolicyAndUpperLimitReachTheFunctions() {
        assertThat(env("RightsizerTuned-ingest", "WINDOW_DAYS")).isEqualTo("21");
        assertThat(env("RightsizerTuned-ingest", "DAY_TTL_DAYS")).isEqualTo("90");
        assertThat(env("RightsizerTuned-evaluate", "SEED_HEADROOM_MB")).isEqualTo("128");
        assertThat(env("RightsizerTuned-evaluate", "MAX_MEMORY_MB")).isEqualTo("3008");
        assertThat(env("RightsizerTuned-evaluate", "MIN_DAYS")).isEqualTo("5");
        assertThat(env("RightsizerTuned-evaluate", "PEAK_HEADROOM_PERCENT")).isEqualTo("5");
        // A 21-day window and a two-day guard: growth is projected over the next window and its watch.
        assertThat(env("RightsizerTuned-evaluate", "PROJECTION_DAYS")).isEqualTo("24");
        assertThat(env("RightsizerTuned-evaluate", "SPIKE_HEADROOM_PERCENT")).isEqualTo("60");
    }

    @Test
    void withTheAccountSubscriptionOnTheFunctionsItReachesAreOnlyRecommendedUntilTheUserSaysApply() {
        assertThat(env("RightsizerTuned-evaluate", "ACCOUNT_SUBSCRIPTION_MODE")).isEqualTo("recommend");
        assertThat(env("RightsizerTuned-evaluate", "MODE")).isEqualTo("apply");
        assertThat(env("RightsizerTuned-evaluate", "EXTENSION_LAYERS"))
                .isEqualTo("RightsizerTuned-extension-x86_64,RightsizerTuned-extension-arm64");
    }

    @Test
    void dryRunGuardPeriodTagAndDenyListReachEvaluateAndApply() {
        assertThat(env("RightsizerTuned-apply", "DRY_RUN")).isEqualTo("true");
        assertThat(env("RightsizerTuned-apply", "WATCH_SECONDS")).isEqualTo("172800");
        // Two days of guard: ingest keeps the window open (2 + 1) x 3 + 2 days past its end, while the execution still
        // watches (the change and up to two further increases).
        assertThat(env("RightsizerTuned-ingest", "WINDOW_CLOSE_GRACE_DAYS")).isEqualTo("11");
        assertThat(env("RightsizerTuned-ingest", "WATCH_SECONDS")).isEqualTo("172800");
        assertThat(env("RightsizerTuned-evaluate", "EXCLUDE_TAG")).isEqualTo("team:no-resize");
        assertThat(env("RightsizerTuned-evaluate", "DENY_LIST")).isEqualTo(
                "legacy-billing,arn:aws:lambda:eu-west-1:111122223333:function:payroll,"
                        + "RightsizerTuned-ingest,RightsizerTuned-evaluate,RightsizerTuned-apply");
        assertThat(env("RightsizerTuned-apply", "DENY_LIST")).isEqualTo(env("RightsizerTuned-evaluate", "DENY_LIST"));
    }

    @Test
    void theIamDenyFollowsTheConfiguredTagAndSoDoTheOwnFunctionsTags() {
        JsonNode deny = statementsOf(json, roleOf(json, functionId(json, "RightsizerTuned-apply"))).stream()
                .filter(s -> s.path("Effect").asText().equals("Deny")).findFirst().orElseThrow();
        assertThat(deny.path("Condition").toString())
                .isEqualTo("{\"StringEqualsIgnoreCase\":{\"aws:ResourceTag/team:no-resize\":\"true\"}}");
        // Rightsizer's own three; the bucket's auto-delete handler (retainData=false) is a CDK provider, not sized.
        List<JsonNode> own = resources(json, "AWS::Lambda::Function").values().stream()
                .filter(fn -> fn.path("Properties").path("FunctionName").asText().startsWith("RightsizerTuned-"))
                .toList();
        assertThat(own).hasSize(3);
        for (JsonNode fn : own) {
            assertThat(fn.path("Properties").path("Tags").toString())
                    .contains("{\"Key\":\"team:no-resize\",\"Value\":\"true\"}");
        }
    }

    @Test
    void batchingAndRetriesReachTheEventSourceMapping() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 500, "MaximumBatchingWindowInSeconds", 60, "MaximumRetryAttempts", 3,
                "BisectBatchOnFunctionError", true));
    }

    @Test
    void aFixedShardCountMakesTheStreamProvisionedAndStillEncrypted() {
        template.hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                "StreamModeDetails", Map.of("StreamMode", "PROVISIONED"),
                "ShardCount", 1,
                "StreamEncryption", Map.of("EncryptionType", "KMS", "KeyId", "alias/aws/kinesis")));
    }

    @Test
    void logRetentionAndDataRemovalFollowTheSettings() {
        resources(json, "AWS::Logs::LogGroup").values().forEach(lg ->
                assertThat(lg.path("Properties").path("RetentionInDays").asInt()).isEqualTo(90));
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void everyAlarmNotifiesTheConfiguredTopic() {
        Map<String, JsonNode> alarms = resources(json, "AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(4);
        alarms.values().forEach(alarm -> {
            assertThat(alarm.path("Properties").path("AlarmActions").toString())
                    .isEqualTo("[\"arn:aws:sns:eu-west-1:111122223333:ops-alerts\"]");
            assertThat(alarm.path("Properties").path("OKActions").toString())
                    .isEqualTo("[\"arn:aws:sns:eu-west-1:111122223333:ops-alerts\"]");
        });
    }

    @Test
    void theAccountSubscriptionSendsReportLinesToTheStreamButNotRightsizersOwnLogs() {
        JsonNode policy = single(json, "AWS::Logs::AccountPolicy").getValue().path("Properties");
        assertThat(policy.path("PolicyType").asText()).isEqualTo("SUBSCRIPTION_FILTER_POLICY");
        assertThat(policy.path("Scope").asText()).isEqualTo("ALL");
        assertThat(policy.path("SelectionCriteria").asText()).isEqualTo("LogGroupName NOT IN ["
                + "\"/aws/lambda/RightsizerTuned-ingest\", \"/aws/lambda/RightsizerTuned-evaluate\", "
                + "\"/aws/lambda/RightsizerTuned-apply\", \"/aws/vendedlogs/states/RightsizerTuned-executions\"]");
        String document = render(policy.path("PolicyDocument"));
        String streamId = single(json, "AWS::Kinesis::Stream").getKey();
        String roleId = resources(json, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getValue().toString().contains("logs.amazonaws.com"))
                .findFirst().orElseThrow().getKey();
        assertThat(document)
                .contains("\"DestinationArn\":\"${" + streamId + ".Arn}\"")
                .contains("\"RoleArn\":\"${" + roleId + ".Arn}\"")
                .contains("\"FilterPattern\":\"?\\\"REPORT RequestId\\\" ?\\\"platform.report\\\"\"")
                .contains("\"Distribution\":\"Random\"");

        List<JsonNode> statements = statementsOf(json, roleId);
        assertThat(statements).hasSize(1);
        assertThat(TemplateJson.actions(statements.get(0)))
                .containsExactlyInAnyOrder("kinesis:PutRecord", "kinesis:PutRecords");
        assertThat(renderedResources(statements.get(0))).containsExactly("${" + streamId + ".Arn}");
        template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "logs.amazonaws.com"),
                        "Condition", Map.of("StringLike", Match.objectLike(Map.of()))))))));
    }

    @Test
    void theDefaultStackHasNoAccountSubscription() {
        assertThat(resources(SynthesisedApp.get().defaultsJson, "AWS::Logs::AccountPolicy")).isEmpty();
    }
}
