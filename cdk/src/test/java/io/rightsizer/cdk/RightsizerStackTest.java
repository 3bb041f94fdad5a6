package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rightsizer.cdk.TemplateJson.actions;
import static io.rightsizer.cdk.TemplateJson.allowing;
import static io.rightsizer.cdk.TemplateJson.functionId;
import static io.rightsizer.cdk.TemplateJson.render;
import static io.rightsizer.cdk.TemplateJson.renderedResources;
import static io.rightsizer.cdk.TemplateJson.resources;
import static io.rightsizer.cdk.TemplateJson.roleOf;
import static io.rightsizer.cdk.TemplateJson.single;
import static io.rightsizer.cdk.TemplateJson.statementsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The Rightsizer stack as {@code cdk deploy} synthesises it with default settings. */
class RightsizerStackTest {

    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void synthesise() {
        SynthesisedApp app = SynthesisedApp.get();
        template = app.defaultsTemplate;
        json = app.defaultsJson;
    }

    private static String id(String type) {
        return single(json, type).getKey();
    }

    @Nested
    class Stream {
        @Test
        void isOnDemandAndEncryptedWithKms() {
            template.hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                    "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"),
                    "StreamEncryption", Map.of("EncryptionType", "KMS", "KeyId", "alias/aws/kinesis"),
                    "RetentionPeriodHours", 24));
        }

        @Test
        void followsRetainDataWhenTheStackIsDeleted() {
            // CDK's own default for a stream is Retain: destroy left a stream billing by the hour.
            template.hasResource("AWS::Kinesis::Stream", Map.of(
                    "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
            SynthesisedApp.get().tunedTemplate.hasResource("AWS::Kinesis::Stream", Map.of(
                    "DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete"));
        }
    }

    @Nested
    class Table {
        @Test
        void isOnDemandWithStringKeysPkAndSk() {
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "BillingMode", "PAY_PER_REQUEST",
                    "KeySchema", List.of(
                            Map.of("AttributeName", "pk", "KeyType", "HASH"),
                            Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                    "AttributeDefinitions", List.of(
                            Map.of("AttributeName", "pk", "AttributeType", "S"),
                            Map.of("AttributeName", "sk", "AttributeType", "S"))));
        }

        @Test
        void expiresItemsByExpiresAtAndKeepsPointInTimeRecoveryAndEncryption() {
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "SSESpecification", Map.of("SSEEnabled", true)));
        }

        @Test
        void survivesTheDeletionOfTheStackByDefault() {
            template.hasResource("AWS::DynamoDB::Table", Map.of(
                    "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        }
    }

    @Nested
    class Functions {
        @Test
        void areTheThreeJarsOnJava21WithTheContractHandlers() {
            Map<String, String> handlers = Map.of(
                    "Rightsizer-ingest", "io.rightsizer.ingest.IngestHandler::handleRequest",
                    "Rightsizer-evaluate", "io.rightsizer.evaluate.EvaluateHandler::handleRequest",
                    "Rightsizer-apply", "io.rightsizer.apply.ApplyHandler::handleRequest");
            assertThat(resources(json, "AWS::Lambda::Function")).hasSize(3);
            handlers.forEach((name, handler) -> template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", name,
                    "Handler", handler,
                    "Runtime", "java21",
                    "TracingConfig", Map.of("Mode", "Active"),
                    "Code", Map.of("S3Key", Match.stringLikeRegexp(".*\\.jar")))));
        }

        @Test
        void ingestGetsTableStateMachineAndWindowSettings() {
            assertThat(environment("Rightsizer-ingest")).containsOnlyKeys(
                    "TABLE_NAME", "STATE_MACHINE_ARN", "WINDOW_DAYS", "DAY_TTL_DAYS", "WATCH_SECONDS",
                    "WINDOW_CLOSE_GRACE_DAYS",
                    "POWERTOOLS_SERVICE_NAME",
                    "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL", "JAVA_TOOL_OPTIONS");
            Map<String, String> env = environment("Rightsizer-ingest");
            assertThat(env).containsEntry("TABLE_NAME", "${" + id("AWS::DynamoDB::Table") + "}")
                    .containsEntry("STATE_MACHINE_ARN", "${" + id("AWS::StepFunctions::StateMachine") + "}")
                    .containsEntry("WINDOW_DAYS", "14")
                    .containsEntry("DAY_TTL_DAYS", "60")
                    // A day's guard period: (1 + 1 aligned day) x 3 watched changes + 1 for retries + 1 margin.
                    .containsEntry("WATCH_SECONDS", "86400")
                    .containsEntry("WINDOW_CLOSE_GRACE_DAYS", "8")
                    .containsEntry("POWERTOOLS_SERVICE_NAME", "rightsizer-ingest")
                    .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "Rightsizer");
        }

        @Test
        void evaluateGetsTheDefaultPolicyExclusionTagAndItsOwnFunctionsOnTheDenyList() {
            Map<String, String> env = environment("Rightsizer-evaluate");
            Map<String, String> expected = new HashMap<>(
                    io.rightsizer.domain.policy.PolicySettings.DEFAULTS.toEnvironment());
            expected.put("TABLE_NAME", "${" + id("AWS::DynamoDB::Table") + "}");
            expected.put("EXCLUDE_TAG", "rightsizer:exclude");
            expected.put("DENY_LIST", "Rightsizer-ingest,Rightsizer-evaluate,Rightsizer-apply");
            assertThat(env).containsAllEntriesOf(expected);
        }

        @Test
        void evaluateAppliesFunctionsRunningTheStacksLayersAndOnlyRecommendsForTheOthers() {
            assertThat(environment("Rightsizer-evaluate"))
                    .containsEntry("MODE", "apply")
                    .containsEntry("ACCOUNT_SUBSCRIPTION_MODE", "recommend")
                    .containsEntry("EXTENSION_LAYERS", "Rightsizer-extension-x86_64,Rightsizer-extension-arm64");
            List<String> layerNames = resources(json, "AWS::Lambda::LayerVersion").values().stream()
                    .map(l -> l.path("Properties").path("LayerName").asText()).sorted().toList();
            assertThat(layerNames).containsExactly("Rightsizer-extension-arm64", "Rightsizer-extension-x86_64");
        }

        @Test
        void applyTellsTheDecisionsTopic() {
            assertThat(environment("Rightsizer-apply"))
                    .containsEntry("DECISIONS_TOPIC_ARN", "${" + id("AWS::SNS::Topic") + "}");
        }

        @Test
        void applyIsLiveByDefaultAndWatchesADay() {
            assertThat(environment("Rightsizer-apply"))
                    .containsEntry("TABLE_NAME", "${" + id("AWS::DynamoDB::Table") + "}")
                    .containsEntry("DRY_RUN", "false")
                    .containsEntry("WATCH_SECONDS", "86400")
                    .containsEntry("EXCLUDE_TAG", "rightsizer:exclude");
        }

        @Test
        void rightsizersOwnFunctionsCarryTheExclusionTag() {
            for (JsonNode fn : resources(json, "AWS::Lambda::Function").values()) {
                assertThat(fn.path("Properties").path("Tags").toString())
                        .contains("{\"Key\":\"rightsizer:exclude\",\"Value\":\"true\"}");
            }
        }

        @Test
        void eachLogsToItsOwnLogGroupWithRetention() {
            Map<String, JsonNode> logGroups = resources(json, "AWS::Logs::LogGroup");
            assertThat(logGroups).hasSize(4);
            logGroups.values().forEach(lg ->
                    assertThat(lg.path("Properties").path("RetentionInDays").asInt()).isEqualTo(30));
            for (String name : List.of("Rightsizer-ingest", "Rightsizer-evaluate", "Rightsizer-apply")) {
                String logGroupId = json.path("Resources").path(functionId(json, name)).path("Properties")
                        .path("LoggingConfig").path("LogGroup").path("Ref").asText();
                assertThat(logGroups.get(logGroupId).path("Properties").path("LogGroupName").asText())
                        .isEqualTo("/aws/lambda/" + name);
            }
        }
    }

    @Nested
    class EventSourceMapping {
        @Test
        void readsTheStreamInBatchesBisectsReportsPartialFailuresAndGivesUpToTheBucket() {
            template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", Map.of("Fn::GetAtt", List.of(id("AWS::Kinesis::Stream"), "Arn")),
                    "FunctionName", Map.of("Ref", functionId(json, "Rightsizer-ingest")),
                    "StartingPosition", "TRIM_HORIZON",
                    "BatchSize", 1000,
                    "MaximumBatchingWindowInSeconds", 300,
                    "BisectBatchOnFunctionError", true,
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "MaximumRetryAttempts", 5,
                    // Six hours before the stream's 24 h retention: an outage's records reach the bucket, not expiry.
                    "MaximumRecordAgeInSeconds", 64_800,
                    "DestinationConfig", Map.of("OnFailure", Map.of(
                            "Destination", Map.of("Fn::GetAtt", List.of(id("AWS::S3::Bucket"), "Arn"))))));
        }

        @Test
        void givesUpToAnEncryptedPrivateBucketThatExpiresItsObjectsAndRefusesPlainHttp() {
            template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                    "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                    "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                    "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of(
                            "ExpirationInDays", 30, "Status", "Enabled"))))));
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of(
                    "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
            assertThat(resources(json, "AWS::SQS::Queue")).as("SQS would get only metadata").isEmpty();
        }

        @Test
        void theBucketFollowsRetainDataWhenTheStackIsDeleted() {
            template.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain"));
            SynthesisedApp.get().tunedTemplate.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Delete"));
        }

        @Test
        void ingestMayPutAndListInTheBucketOnly() {
            List<JsonNode> statements = statementsOf(json, roleOf(json, functionId(json, "Rightsizer-ingest")));
            List<JsonNode> onBucket = statements.stream().filter(s -> actions(s).stream()
                    .anyMatch(a -> a.startsWith("s3:"))).toList();
            assertThat(onBucket.stream().flatMap(s -> actions(s).stream()).toList())
                    .containsExactlyInAnyOrder("s3:PutObject", "s3:ListBucket");
            String bucket = "${" + id("AWS::S3::Bucket") + ".Arn}";
            assertThat(onBucket.stream().flatMap(s -> renderedResources(s).stream()).toList())
                    .containsExactlyInAnyOrder(bucket, bucket + "/*");
        }
    }

    @Nested
    class StateMachine {
        @Test
        void isTheAslFileInlineWithEveryPlaceholderSubstituted() throws Exception {
            JsonNode sm = single(json, "AWS::StepFunctions::StateMachine").getValue().path("Properties");
            String asl = Files.readString(SynthesisedApp.artifacts().stateMachineAsl());
            assertThat(sm.path("DefinitionString").asText()).isEqualTo(asl);
            assertThat(sm.has("DefinitionS3Location")).isFalse();
            JsonNode substitutions = sm.path("DefinitionSubstitutions");
            assertThat(render(substitutions.path("EvaluateFunctionArn")))
                    .isEqualTo("${" + functionId(json, "Rightsizer-evaluate") + ".Arn}");
            assertThat(render(substitutions.path("ApplyFunctionArn")))
                    .isEqualTo("${" + functionId(json, "Rightsizer-apply") + ".Arn}");
            assertThat(render(substitutions.path("TableName"))).isEqualTo("${" + id("AWS::DynamoDB::Table") + "}");

            // What CloudFormation will deploy: every ${...} replaced, still valid JSON, Tasks pointing at our resources.
            String deployed = asl;
            for (String key : List.of("EvaluateFunctionArn", "ApplyFunctionArn", "TableName")) {
                deployed = deployed.replace("${" + key + "}", render(substitutions.path(key)).replace("$", "#"));
            }
            assertThat(deployed).doesNotContain("${");
            JsonNode states = new ObjectMapper().readTree(deployed).path("States");
            List<String> targets = new ArrayList<>();
            states.forEach(state -> {
                JsonNode params = state.path("Parameters");
                if (params.has("FunctionName")) {
                    targets.add(params.path("FunctionName").asText());
                }
                if (params.has("TableName")) {
                    targets.add(params.path("TableName").asText());
                }
            });
            assertThat(targets).contains(
                    "#{" + functionId(json, "Rightsizer-evaluate") + ".Arn}",
                    "#{" + functionId(json, "Rightsizer-apply") + ".Arn}");
        }

        @Test
        void isAStandardMachineLoggingEverythingWithXRay() {
            String logGroupId = resources(json, "AWS::Logs::LogGroup").entrySet().stream()
                    .filter(e -> e.getValue().path("Properties").path("LogGroupName").asText()
                            .equals("/aws/vendedlogs/states/Rightsizer-executions"))
                    .findFirst().orElseThrow().getKey();
            template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                    "StateMachineName", "Rightsizer",
                    "StateMachineType", "STANDARD",
                    "TracingConfiguration", Map.of("Enabled", true),
                    "LoggingConfiguration", Map.of(
                            "Level", "ALL",
                            "IncludeExecutionData", true,
                            "Destinations", List.of(Map.of("CloudWatchLogsLogGroup", Map.of(
                                    "LogGroupArn", Map.of("Fn::GetAtt", List.of(logGroupId, "Arn"))))))));
        }
    }

    @Nested
    class ExtensionLayer {
        @Test
        void isPublishedPerArchitectureFromItsZipAndKeptForFunctionsStillUsingIt() {
            for (String architecture : List.of("x86_64", "arm64")) {
                template.hasResource("AWS::Lambda::LayerVersion", Map.of(
                        "DeletionPolicy", "Retain",
                        "Properties", Map.of(
                                "LayerName", "Rightsizer-extension-" + architecture,
                                "CompatibleArchitectures", List.of(architecture),
                                "Content", Map.of("S3Key", Match.stringLikeRegexp(".*\\.zip")))));
            }
            assertThat(resources(json, "AWS::Lambda::LayerVersion")).hasSize(2);
        }

        @Test
        void eachArchitecturesLayerIsPublishedInParameterStoreWithTheStream() {
            for (String architecture : List.of("x86_64", "arm64")) {
                String layer = resources(json, "AWS::Lambda::LayerVersion").entrySet().stream()
                        .filter(e -> e.getValue().path("Properties").path("LayerName").asText()
                                .equals("Rightsizer-extension-" + architecture))
                        .findFirst().orElseThrow().getKey();
                template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                        "Name", "/rightsizer/Rightsizer/extension-layer-arn-" + architecture,
                        "Value", Map.of("Ref", layer)));
            }
            template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                    "Name", "/rightsizer/Rightsizer/stream-arn",
                    "Value", Map.of("Fn::GetAtt", List.of(id("AWS::Kinesis::Stream"), "Arn"))));
        }

        @Test
        void theSingleParameterOfEarlierVersionsIsGoneSoAnOldMonitorFailsItsDeployInsteadOfRunningTheWrongBinary() {
            assertThat(resources(json, "AWS::SSM::Parameter").values())
                    .noneMatch(p -> p.path("Properties").path("Name").asText()
                            .equals("/rightsizer/Rightsizer/extension-layer-arn"));
        }
    }

    @Nested
    class Alarms {
        @Test
        void watchIngestErrorsIteratorAgeDeadLettersAndFailedExecutions() {
            Map<String, JsonNode> alarms = resources(json, "AWS::CloudWatch::Alarm");
            assertThat(alarms).hasSize(4);
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", "Errors", "Namespace", "AWS/Lambda",
                    "Dimensions", List.of(Map.of("Name", "FunctionName",
                            "Value", Map.of("Ref", functionId(json, "Rightsizer-ingest"))))));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", "IteratorAge", "Statistic", "Maximum", "Threshold", 3_600_000));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Metrics", Match.arrayWith(List.of(
                    Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Metric", Match.objectLike(
                            Map.of("MetricName", "ExecutionsFailed", "Namespace", "AWS/States"))))))))));
        }

        @Test
        void theDeadLetterAlarmFiresOnEveryNewObjectAndNamesTheBucketAndTheReplayCommand() {
            String bucket = id("AWS::S3::Bucket");
            JsonNode alarm = resources(json, "AWS::CloudWatch::Alarm").values().stream()
                    .filter(a -> a.path("Properties").path("MetricName").asText().equals("PutRequests"))
                    .findFirst().orElseThrow();
            JsonNode p = alarm.path("Properties");
            assertThat(p.path("Namespace").asText()).isEqualTo("AWS/S3");
            assertThat(p.path("Threshold").asInt()).isEqualTo(1);
            assertThat(p.path("Dimensions").toString()).isEqualTo("[{\"Name\":\"BucketName\",\"Value\":{\"Ref\":\""
                    + bucket + "\"}},{\"Name\":\"FilterId\",\"Value\":\"EntireBucket\"}]");
            assertThat(render(p.path("AlarmDescription"))).contains("${" + bucket + "}")
                    .contains("rightsizer replay --outputs-file");
            // The request metrics the alarm reads exist only where the bucket publishes them.
            template.hasResourceProperties("AWS::S3::Bucket", Map.of("MetricsConfigurations",
                    List.of(Map.of("Id", "EntireBucket"))));
        }

        @Test
        void haveNoActionsUnlessATopicIsConfigured() {
            resources(json, "AWS::CloudWatch::Alarm").values().forEach(alarm ->
                    assertThat(alarm.path("Properties").has("AlarmActions")).isFalse());
        }
    }

    @Nested
    class DecisionsTopic {
        @Test
        void isEncryptedWithTheAwsManagedSnsKeyAndRefusesPlainHttp() {
            template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                    "TopicName", "Rightsizer-decisions",
                    "KmsMasterKeyId", Match.anyValue()));
            JsonNode topic = single(json, "AWS::SNS::Topic").getValue();
            assertThat(render(topic.path("Properties").path("KmsMasterKeyId"))).endsWith(":alias/aws/sns");
            JsonNode policy = single(json, "AWS::SNS::TopicPolicy").getValue();
            assertThat(policy.toString()).contains("\"aws:SecureTransport\":\"false\"").contains("\"Deny\"");
        }

        @Test
        void isAnOutputOfTheStack() {
            assertThat(json.path("Outputs").path("DecisionsTopicArn").path("Value").path("Ref").asText())
                    .isEqualTo(id("AWS::SNS::Topic"));
        }

        @Test
        void hasNoSubscriptionUnlessAnAddressIsGiven() {
            assertThat(resources(json, "AWS::SNS::Subscription")).isEmpty();
            SynthesisedApp.get().tunedTemplate.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                    "Protocol", "email", "Endpoint", "platform-team@example.com"));
            SynthesisedApp.get().tunedTemplate.resourceCountIs("AWS::SNS::Subscription", 1);
        }
    }

    @Nested
    class Outputs {
        @Test
        void nameEverythingTheCliReads() {
            for (String output : List.of("TableName", "StateMachineArn", "StreamName", "StreamArn",
                    "ExtensionLayerArn", "ExtensionLayerArm64Arn", "Region", "DeadLetterBucketName",
                    "DecisionsTopicArn")) {
                template.hasOutput(output, Map.of());
            }
            assertThat(json.path("Outputs").path("Region").path("Value").path("Ref").asText()).isEqualTo("AWS::Region");
            assertThat(json.path("Outputs").path("StateMachineArn").path("Value").path("Ref").asText())
                    .isEqualTo(id("AWS::StepFunctions::StateMachine"));
        }
    }

    @Nested
    class LeastPrivilege {
        @Test
        void noPolicyAnywhereUsesAWildcardAction() {
            List<String> wildcards = new ArrayList<>();
            for (JsonNode policy : resources(json, "AWS::IAM::Policy").values()) {
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(s ->
                        actions(s).stream().filter(a -> a.contains("*")).forEach(wildcards::add));
            }
            for (JsonNode role : resources(json, "AWS::IAM::Role").values()) {
                role.path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement")
                        .forEach(s -> actions(s).stream().filter(a -> a.contains("*")).forEach(wildcards::add)));
                assertThat(role.path("Properties").has("ManagedPolicyArns")).isFalse();
            }
            assertThat(resources(json, "AWS::IAM::Policy")).isNotEmpty();
            assertThat(wildcards).isEmpty();
        }

        @Test
        void applyMayResizeOnlyFunctionsOfThisAccountAndRegionAndNeverATaggedOne() {
            List<JsonNode> statements = statementsOf(json, roleOf(json, functionId(json, "Rightsizer-apply")));
            String anyFunctionHere = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*";
            JsonNode allow = allowing(statements, "lambda:UpdateFunctionConfiguration").get(0);
            // No GetFunctionConfiguration: apply reads a function with GetFunction (tags included, hence ListTags).
            assertThat(actions(allow)).containsExactlyInAnyOrder("lambda:GetFunction", "lambda:ListTags",
                    "lambda:UpdateFunctionConfiguration");
            assertThat(renderedResources(allow)).containsExactly(anyFunctionHere);

            JsonNode deny = statements.stream().filter(s -> s.path("Effect").asText().equals("Deny"))
                    .findFirst().orElseThrow();
            assertThat(actions(deny)).containsExactly("lambda:UpdateFunctionConfiguration");
            assertThat(renderedResources(deny)).containsExactly(anyFunctionHere);
            // The decision's own rule: tagged "true", in any case.
            assertThat(deny.path("Condition").toString())
                    .isEqualTo("{\"StringEqualsIgnoreCase\":{\"aws:ResourceTag/rightsizer:exclude\":\"true\"}}");
        }

        @Test
        void eachFunctionMayMakeExactlyTheTableCallsItsCodeMakes() {
            assertThat(tableActionsOf("Rightsizer-ingest")).containsExactlyInAnyOrder(
                    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
            assertThat(tableActionsOf("Rightsizer-evaluate")).containsExactly("dynamodb:Query");
            assertThat(tableActionsOf("Rightsizer-apply")).containsExactlyInAnyOrder(
                    "dynamodb:PutItem", "dynamodb:Query");
        }

        @Test
        void eachFunctionRoleAllowsExactlyTheseActions() {
            List<String> ownLogsAndTracing = List.of("logs:CreateLogStream", "logs:PutLogEvents",
                    "xray:PutTraceSegments", "xray:PutTelemetryRecords");
            assertThat(allowedActionsOf("Rightsizer-ingest")).containsExactlyInAnyOrderElementsOf(with(
                    ownLogsAndTracing,
                    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "states:StartExecution", "states:DescribeExecution",
                    INGEST_STREAM_AND_BUCKET_ACTIONS));
            assertThat(allowedActionsOf("Rightsizer-evaluate")).containsExactlyInAnyOrderElementsOf(with(
                    ownLogsAndTracing,
                    "dynamodb:Query", "lambda:GetFunction", "lambda:ListTags", "cloudwatch:GetMetricData"));
            assertThat(allowedActionsOf("Rightsizer-apply")).containsExactlyInAnyOrderElementsOf(with(
                    ownLogsAndTracing,
                    "dynamodb:PutItem", "dynamodb:Query",
                    "lambda:GetFunction", "lambda:ListTags", "lambda:UpdateFunctionConfiguration",
                    "sns:Publish"));
        }

        @Test
        void applyMayPublishToTheDecisionsTopicOnly() {
            List<JsonNode> statements = statementsOf(json, roleOf(json, functionId(json, "Rightsizer-apply")));
            JsonNode publish = allowing(statements, "sns:Publish").get(0);
            assertThat(actions(publish)).containsExactly("sns:Publish");
            assertThat(renderedResources(publish)).containsExactly("${" + id("AWS::SNS::Topic") + "}");
        }

        @Test
        void evaluateMayReadFunctionsAndTheTableButWriteNothing() {
            List<JsonNode> statements = statementsOf(json, roleOf(json, functionId(json, "Rightsizer-evaluate")));
            List<String> all = statements.stream().flatMap(s -> actions(s).stream()).toList();
            assertThat(all).contains("lambda:GetFunction", "lambda:ListTags", "dynamodb:Query")
                    .doesNotContain("lambda:UpdateFunctionConfiguration", "dynamodb:PutItem", "dynamodb:UpdateItem",
                            "dynamodb:GetItem", "dynamodb:Scan");
        }

        @Test
        void ingestMayStartExecutionsOfThisStateMachineOnlyAndDescribeItsExecutions() {
            List<JsonNode> statements = statementsOf(json, roleOf(json, functionId(json, "Rightsizer-ingest")));
            JsonNode start = allowing(statements, "states:StartExecution").get(0);
            assertThat(allowing(statements, "states:StartExecution")).hasSize(1);
            assertThat(actions(start)).containsExactly("states:StartExecution");
            assertThat(renderedResources(start)).containsExactly("${" + id("AWS::StepFunctions::StateMachine") + "}");
            JsonNode describe = allowing(statements, "states:DescribeExecution").get(0);
            assertThat(renderedResources(describe)).containsExactly(
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:Rightsizer:*");
            assertThat(allowing(statements, "dynamodb:UpdateItem")).isNotEmpty();
            assertThat(allowing(statements, "kinesis:GetRecords")).isNotEmpty();
            assertThat(allowing(statements, "s3:PutObject")).isNotEmpty();
        }

        @Test
        void theStateMachineMayInvokeItsTwoFunctionsAndTouchOnlyTheTableItems() {
            List<JsonNode> statements = statementsOf(json, json.path("Resources")
                    .path(id("AWS::StepFunctions::StateMachine")).path("Properties").path("RoleArn")
                    .path("Fn::GetAtt").path(0).asText());
            List<String> invoked = allowing(statements, "lambda:InvokeFunction").stream()
                    .flatMap(s -> renderedResources(s).stream()).toList();
            String evaluate = "${" + functionId(json, "Rightsizer-evaluate") + ".Arn}";
            String apply = "${" + functionId(json, "Rightsizer-apply") + ".Arn}";
            assertThat(invoked).containsExactlyInAnyOrder(evaluate, evaluate + ":*", apply, apply + ":*");
            List<String> tableActions = statements.stream()
                    .filter(s -> renderedResources(s).contains("${" + id("AWS::DynamoDB::Table") + ".Arn}"))
                    .flatMap(s -> actions(s).stream()).toList();
            StateMachineDefinition asl = StateMachineDefinition.read(SynthesisedApp.artifacts().stateMachineAsl());
            assertThat(tableActions).containsExactlyInAnyOrderElementsOf(asl.dynamoDbActions());
        }
    }

    /**
     * What the Kinesis event source mapping (granted by the CDK) and its on-failure bucket need: Lambda writes the
     * invocation record with the function's role, which needs s3:PutObject and s3:ListBucket.
     */
    private static final List<String> INGEST_STREAM_AND_BUCKET_ACTIONS = List.of(
            "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
            "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard", "kinesis:ListStreams",
            "kinesis:DescribeStreamConsumer",
            "s3:PutObject", "s3:ListBucket");

    private static List<String> with(List<String> base, Object... more) {
        List<String> all = new ArrayList<>(base);
        for (Object m : more) {
            if (m instanceof List<?> l) {
                l.forEach(x -> all.add((String) x));
            } else {
                all.add((String) m);
            }
        }
        return all;
    }

    /** Every action a function's role allows, once each. */
    private static List<String> allowedActionsOf(String functionName) {
        return statementsOf(json, roleOf(json, functionId(json, functionName))).stream()
                .filter(s -> s.path("Effect").asText().equals("Allow"))
                .flatMap(s -> actions(s).stream()).distinct().toList();
    }

    /** The actions a function's role allows on the usage table (and there only). */
    private static List<String> tableActionsOf(String functionName) {
        String tableArn = "${" + id("AWS::DynamoDB::Table") + ".Arn}";
        List<JsonNode> statements = statementsOf(json, roleOf(json, functionId(json, functionName)));
        List<String> onTable = statements.stream().filter(s -> renderedResources(s).contains(tableArn))
                .flatMap(s -> actions(s).stream()).toList();
        List<String> dynamoDbAnywhere = statements.stream().flatMap(s -> actions(s).stream())
                .filter(a -> a.startsWith("dynamodb:")).toList();
        assertThat(dynamoDbAnywhere).as("DynamoDB actions of %s", functionName)
                .containsExactlyInAnyOrderElementsOf(onTable);
        return onTable;
    }

    private static Map<String, String> environment(String functionName) {
        JsonNode vars = json.path("Resources").path(functionId(json, functionName)).path("Properties")
                .path("Environment").path("Variables");
        Map<String, String> env = new HashMap<>();
        vars.properties().forEach(e -> env.put(e.getKey(), render(e.getValue())));
        return env;
    }
}
