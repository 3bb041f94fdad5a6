package io.rightsizer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.lambda.Backoff;
import io.rightsizer.aws.lambda.ControlPlaneRetry;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.aws.sns.SnsDecisionNotifier;
import io.rightsizer.domain.decision.DecisionNotifier;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import io.rightsizer.domain.function.ControlPlaneBusyException;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.InterceptingProxy.Response;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.LambdaTestContext;
import io.rightsizer.testing.MotoFunctions;
import io.rightsizer.testing.MotoServer;
import io.rightsizer.testing.MotoTopicInbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * apply-fn against moto's Lambda API (real GetFunction / UpdateFunctionConfiguration) and DynamoDB Local; a proxy in
 * front of moto produces what moto cannot: throttling (429), conflicting updates (409), a stale revision (412) and
 * updates still in progress.
 */
class ApplyHandlerTest {

    private static MotoServer moto;
    private static DynamoDbLocal dynamo;
    private static InterceptingProxy proxy;
    private static MotoFunctions functions;
    private static LambdaClient lambda;

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private String table;
    private DynamoDbDecisionLog log;

    @BeforeAll
    static void startStandIns() {
        moto = MotoServer.start();
        dynamo = DynamoDbLocal.start();
        proxy = InterceptingProxy.start(moto.endpoint());
        functions = new MotoFunctions(moto.endpoint());
        lambda = LambdaClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopStandIns() {
        lambda.close();
        proxy.close();
        dynamo.close();
        moto.close();
    }

    @BeforeEach
    void freshTable() {
        table = dynamo.createTable();
        log = new DynamoDbDecisionLog(dynamo.client(), table);
    }

    @AfterEach
    void clearProxy() {
        proxy.clear();
    }

    private ApplyHandler handler(boolean dryRun) {
        return handler(dryRun, Clock.systemUTC());
    }

    private ApplyHandler handler(boolean dryRun, Clock clock) {
        return handler(dryRun, clock, ApplySettings.DEFAULT_UPDATE_WAIT);
    }

    private ApplyHandler handler(boolean dryRun, Clock clock, Duration updateWait) {
        LambdaFunctions configurator = new LambdaFunctions(lambda,
                new ControlPlaneRetry(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 4), pauses::add));
        ApplySettings settings = new ApplySettings(table, dryRun, Duration.ofSeconds(3600),
                io.rightsizer.domain.function.ExclusionRule.of(null, null), Duration.ofSeconds(5), updateWait);
        return new ApplyHandler(new GuardedMemoryChange(configurator, log, settings, clock));
    }

    /** The entries that end a step (the intent written before the change is not one). */
    private List<DecisionRecord> outcomes(String arn) {
        return log.recent(arn, 10).stream().filter(r -> r.status().isFinal()).toList();
    }

    private static String newFunction(int memoryMb) {
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        return functions.create(name, memoryMb, Map.of("team", "orders"));
    }

    private static ApplyRequest apply(String arn, int expected, int target) {
        ObjectNode decision = ApplyHandler.JSON.createObjectNode()
                .put("action", "APPLY").put("kind", expected > target ? "DECREASE" : "INCREASE")
                .put("currentMemoryMb", expected).put("recommendedMemoryMb", target)
                .put("reason", "average daily max 300 MB + 100 MB = 400 MB");
        decision.putObject("monthlyCostUsd").put("current", 10.0).put("recommended", 4.0).put("savings", 6.0);
        decision.putObject("figures").put("days", 14).put("invocations", 5000);
        return new ApplyRequest("apply", arn, arn.substring(arn.lastIndexOf(':') + 1), "2026-11-01T00:00:00Z",
                "2026-11-15T00:00:00Z", "arn:aws:states:us-east-1:123456789012:execution:rightsizer:" + UUID.randomUUID(),
                expected, target, null, null, decision);
    }

    private static int memoryOf(String arn) {
        return lambda.getFunction(b -> b.functionName(arn)).configuration().memorySize();
    }

    private static long requests(String method, String pathPart) {
        return proxy.seen().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).count();
    }

    private static Response throttled() {
        return Response.json(429, "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"Reason\":\"CallerRateLimitExceeded\"}",
                Map.of("x-amzn-ErrorType", "TooManyRequestsException", "Retry-After", "1"));
    }

    private static Response conflict(InterceptingProxy.Request r) {
        return Response.json(409, "{\"Type\":\"User\",\"message\":\"An update is in progress for resource: "
                + r.path() + "\"}", Map.of("x-amzn-ErrorType", "ResourceConflictException"));
    }

    private static Response inProgress(InterceptingProxy.Request r) {
        return withStatus(proxy.forward(r, moto.endpoint()), true, "InProgress");
    }

    private static Response updateInProgress(InterceptingProxy.Request r) {
        return withStatus(proxy.forward(r, moto.endpoint()), false, "InProgress");
    }

    /** Lambda's answer with another LastUpdateStatus (moto always reports Successful). */
    private static Response withStatus(Response real, boolean getFunction, String status) {
        try {
            ObjectNode body = (ObjectNode) ApplyHandler.JSON.readTree(real.body());
            ObjectNode configuration = getFunction ? (ObjectNode) body.get("Configuration") : body;
            configuration.put("LastUpdateStatus", status);
            return Response.json(200, body.toString(), Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isUpdate(InterceptingProxy.Request r) {
        return r.method().equals("PUT") && r.path().endsWith("/configuration");
    }

    private static boolean isGetFunction(InterceptingProxy.Request r) {
        return r.method().equals("GET") && r.path().startsWith("/2015-03-31/functions/")
                && !r.path().contains("/configuration");
    }

    @Test
    void theDefaultGuardPeriodWatchesOneWholeUtcDayAfterTheDayOfTheChange() {
        assertThat(GuardedMemoryChange.watchUntil(Instant.parse("2026-11-10T23:59:59Z"), ApplySettings.DEFAULT_WATCH))
                .isEqualTo(Instant.parse("2026-11-12T00:10:00Z"));
        assertThat(GuardedMemoryChange.watchUntil(Instant.parse("2026-11-10T00:00:00Z"), ApplySettings.DEFAULT_WATCH))
                .isEqualTo(Instant.parse("2026-11-12T00:10:00Z"));
        assertThat(GuardedMemoryChange.watchUntil(Instant.parse("2026-11-10T08:00:00Z"), Duration.ZERO))
                .isEqualTo(Instant.parse("2026-11-11T00:10:00Z"));
    }

    @Test
    void aDecreaseWhenAppliedThenMotoHasTheNewSizeTheAuditHasTheChangeAndTheWatchEndsAfterTheGuardPeriod() {
        String arn = newFunction(1024);
        Instant changeTime = Instant.parse("2026-11-10T15:42:07Z");
        Clock atChangeTime = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), changeTime));

        ApplyResult result = handler(false, atChangeTime).handle(apply(arn, 1024, 512));

        // One read, one update: the control-plane budget of a change Lambda applies at once.
        assertThat(requests("GET", "/2015-03-31/functions/")).isEqualTo(1);
        assertThat(requests("PUT", "/configuration")).isEqualTo(1);
        assertThat(result.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(memoryOf(arn)).isEqualTo(512);
        // The guard period (one hour here) starts with the next UTC day, so the day of the change, whose traffic
        // partly predates it, is never watched; ten minutes more let the period's last usage reach the table.
        assertThat(result.appliedAt()).startsWith("2026-11-10T15:4");
        assertThat(result.watchUntil()).isEqualTo("2026-11-11T01:10:00Z");
        DecisionRecord audit = outcomes(arn).get(0);
        assertThat(audit.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(audit.fromMemoryMb()).isEqualTo(1024);
        assertThat(audit.toMemoryMb()).isEqualTo(512);
        assertThat(audit.kind()).isEqualTo("DECREASE");
        assertThat(audit.reason()).contains("average daily max 300 MB");
        assertThat(audit.figuresJson()).contains("\"invocations\":5000");
        assertThat(audit.monthlySavingsUsd()).isEqualTo(6.0);
    }

    @Test
    void repeatingTheApplyStepOfTheSameExecutionAnswersTheFirstResultAndUpdatesNothingAgain() {
        String arn = newFunction(1024);
        ApplyRequest request = apply(arn, 1024, 640);
        ApplyResult first = handler(false).handle(request);

        ApplyResult again = handler(false).handle(request);

        assertThat(again).isEqualTo(first);
        assertThat(requests("PUT", "/configuration")).isEqualTo(1);
        assertThat(outcomes(arn)).hasSize(1);
    }

    @Test
    void whenSomeoneChangedTheMemorySinceTheEvaluationThenTheChangeIsSkippedAndRecorded() {
        String arn = newFunction(2048);

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.SKIPPED);
        assertThat(result.reason()).contains("it is 2048 MB, not 1024 MB");
        assertThat(memoryOf(arn)).isEqualTo(2048);
        assertThat(requests("PUT", "/configuration")).isZero();
        assertThat(log.recent(arn, 5)).extracting(DecisionRecord::status).containsExactly(DecisionStatus.SKIPPED);
    }

    @Test
    void whenAnUpdateIsInProgressThenTheChangeIsSkipped() {
        String arn = newFunction(1024);
        proxy.when(ApplyHandlerTest::isGetFunction, 1, ApplyHandlerTest::inProgress);

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.SKIPPED);
        assertThat(result.reason()).contains("in progress");
        assertThat(memoryOf(arn)).isEqualTo(1024);
    }

    @Test
    void whenTheRevisionIsStaleThenLambdaRefusesTheUpdateAndTheChangeIsSkipped() {
        String arn = newFunction(1024);
        proxy.when(ApplyHandlerTest::isUpdate, 1, r -> Response.json(412,
                "{\"Type\":\"User\",\"message\":\"The Revision Id provided does not match the latest Revision Id.\"}",
                Map.of("x-amzn-ErrorType", "PreconditionFailedException")));

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.SKIPPED);
        assertThat(result.reason()).contains("changed since it was read");
        assertThat(memoryOf(arn)).isEqualTo(1024);
    }

    @Test
    void inDryRunTheDecisionIsRecordedAndNothingIsUpdated() {
        String arn = newFunction(1024);

        ApplyResult result = handler(true).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.DRY_RUN);
        assertThat(result.dryRun()).isTrue();
        assertThat(result.watchUntil()).isNull();
        assertThat(memoryOf(arn)).isEqualTo(1024);
        assertThat(requests("PUT", "/configuration")).isZero();
        assertThat(log.recent(arn, 1).get(0).status()).isEqualTo(DecisionStatus.DRY_RUN);
    }

    @Test
    void throttlingAndAConflictingUpdateAreRetriedWithBackoffHonouringRetryAfter() {
        String arn = newFunction(1024);
        proxy.when(ApplyHandlerTest::isUpdate, 1, r -> throttled());
        proxy.when(ApplyHandlerTest::isUpdate, 1, ApplyHandlerTest::conflict);

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(memoryOf(arn)).isEqualTo(512);
        assertThat(requests("PUT", "/configuration")).isEqualTo(3);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void whenTheControlPlaneKeepsThrottlingThenApplyFailsWithTheErrorTheStateMachineRetriesAndTheRetryMakesTheChange() {
        String arn = newFunction(1024);
        ApplyRequest request = apply(arn, 1024, 512);
        proxy.when(ApplyHandlerTest::isUpdate, 4, r -> throttled());

        assertThatThrownBy(() -> handler(false).handle(request))
                .isInstanceOf(ControlPlaneBusyException.class)
                .hasMessageContaining("after 4 attempts");
        assertThat(memoryOf(arn)).isEqualTo(1024);
        assertThat(outcomes(arn)).isEmpty();
        assertThat(log.recent(arn, 5)).extracting(DecisionRecord::status).containsExactly(DecisionStatus.INTENDED);

        ApplyResult retried = handler(false).handle(request);

        assertThat(retried.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(memoryOf(arn)).isEqualTo(512);
    }

    @Test
    void anUpdateLambdaStillAppliesIsNotWaitedForInsideTheFunctionButPolledByTheStateMachine() {
        String arn = newFunction(1024);
        ApplyRequest request = apply(arn, 1024, 512);
        // The update answers InProgress, and so does the next look; the one after sees it done.
        proxy.when(ApplyHandlerTest::isUpdate, 1, ApplyHandlerTest::updateInProgress);
        proxy.when(r -> isGetFunction(r) && requests("PUT", "/configuration") > 0, 1, ApplyHandlerTest::inProgress);

        ApplyResult first = handler(false).handle(request);
        ApplyResult second = handler(false).handle(request);
        ApplyResult third = handler(false).handle(request);

        assertThat(first.status()).isEqualTo(DecisionStatus.UPDATING);
        assertThat(first.pollSeconds()).isEqualTo(5);
        assertThat(second.status()).isEqualTo(DecisionStatus.UPDATING);
        assertThat(third.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(third.watchUntil()).isNotNull();
        assertThat(requests("PUT", "/configuration")).isEqualTo(1);
        assertThat(pauses).as("no sleeping Lambda").isEmpty();
    }

    @Test
    void anUpdateStillInProgressWhenTheWaitIsSpentIsRecordedAsMadeSoThatItIsWatched() {
        String arn = newFunction(1024);
        proxy.when(ApplyHandlerTest::isUpdate, 1, ApplyHandlerTest::updateInProgress);
        proxy.when(r -> isGetFunction(r) && requests("PUT", "/configuration") > 0, -1, ApplyHandlerTest::inProgress);

        ApplyResult result = handler(false, Clock.systemUTC(), Duration.ZERO).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(result.reason()).contains("still reported it InProgress", "watched as made");
    }

    @Test
    void aRepeatedStepThatFindsItsIntentAndTheTargetSizeRecordsTheChangeAsItsOwn() {
        String arn = newFunction(1024);
        ApplyRequest request = apply(arn, 1024, 512);
        // A first attempt recorded its intent and changed the memory; its outcome never reached the log.
        log.record(new DecisionRecord(arn, Instant.now(), DecisionStep.APPLY, DecisionStatus.INTENDED, 1024, 512,
                "about to change", "DECREASE", request.executionArn(), null, null, null, null, 0, null));
        functions.setMemory(arn.substring(arn.lastIndexOf(':') + 1), 512);

        ApplyResult result = handler(false).handle(request);

        assertThat(result.status()).isEqualTo(DecisionStatus.APPLIED);
        assertThat(result.reason()).contains("found in effect: this step's own change");
        assertThat(requests("PUT", "/configuration")).isZero();
    }

    @Test
    void anUpdateLambdaReportsAsFailedIsSkippedWithLambdasWord() {
        String arn = newFunction(1024);
        proxy.when(ApplyHandlerTest::isUpdate, 1, r -> withStatus(proxy.forward(r, moto.endpoint()), false, "Failed"));

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.SKIPPED);
        assertThat(result.reason()).contains("as Failed");
    }

    @Test
    void aRecommendationForTrafficOnPublishedVersionsIsRecordedAndChangesNothing() {
        String arn = newFunction(1024);
        ApplyRequest recommend = apply(arn, 1024, 512);
        ((ObjectNode) recommend.decision()).put("action", "RECOMMEND").put("reason", "set 512 MB in your deployment");

        ApplyResult result = handler(false).handle(recommend);

        assertThat(result.status()).isEqualTo(DecisionStatus.RECOMMENDED);
        assertThat(memoryOf(arn)).isEqualTo(1024);
        assertThat(requests("PUT", "/configuration")).isZero();
        assertThat(outcomes(arn)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(DecisionStatus.RECOMMENDED);
            assertThat(a.reason()).contains("set 512 MB in your deployment");
        });
    }

    @Test
    void aFunctionTaggedRecommendSinceTheEvaluationIsRecordedNotChanged() {
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = functions.create(name, 1024, Map.of("rightsizer:mode", "Recommend"));

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.RECOMMENDED);
        assertThat(result.reason()).endsWith("the function is tagged rightsizer:mode=recommend now: recorded, not"
                + " applied");
        assertThat(memoryOf(arn)).isEqualTo(1024);
        assertThat(requests("PUT", "/configuration")).isZero();
    }

    @Test
    void anOverrideTagThatCannotBeReadAtApplyChangesNothing() {
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = functions.create(name, 1024, Map.of("rightsizer:min-mb", "half"));

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.SKIPPED);
        assertThat(result.reason()).isEqualTo("tag rightsizer:min-mb=half is not a whole number of MB now; not changing"
                + " it");
        assertThat(requests("PUT", "/configuration")).isZero();
    }

    @Test
    void rollbackGoesBackToThePreviousSizeAndIsAuditedAsARollback() {
        String arn = newFunction(512);
        ApplyRequest rollback = new ApplyRequest("rollback", arn, null, null, null,
                "arn:aws:states:us-east-1:123456789012:execution:rightsizer:x", 512, 1024, null,
                "2 out-of-memory invocations at 512 MB", null);

        ApplyResult result = handler(false).handle(rollback);

        assertThat(result.status()).isEqualTo(DecisionStatus.ROLLED_BACK);
        assertThat(memoryOf(arn)).isEqualTo(1024);
        DecisionRecord audit = log.find(arn, rollback.executionArn(), DecisionStep.ROLLBACK).orElseThrow();
        assertThat(audit.reason()).contains("out-of-memory");
    }

    @Test
    void aTargetAboveLambdasLimitIsClampedBecauseTheApiStandInDoesNotValidateIt() {
        String arn = newFunction(8192);

        ApplyResult result = handler(false).handle(apply(arn, 8192, 20_000));

        assertThat(result.toMemoryMb()).isEqualTo(10_240);
        assertThat(memoryOf(arn)).isEqualTo(10_240);
    }

    @Test
    void aFunctionDeletedBeforeTheStepIsGoneNotAFailure() {
        String arn = MotoFunctions.arn("no-such-function");

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.GONE);
        assertThat(result.reason()).contains("no longer exists");
    }

    @Test
    void theStreamHandlerReadsTheTaskInputAndWritesTheResultTheStateMachineRoutesOn() throws Exception {
        String arn = newFunction(1024);
        String input = ApplyHandler.JSON.writeValueAsString(apply(arn, 1024, 768));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler(false).handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                new LambdaTestContext("rightsizer-apply"));

        JsonNode result = ApplyHandler.JSON.readTree(out.toByteArray());
        assertThat(result.get("status").asText()).isEqualTo("APPLIED");
        assertThat(result.get("fromMemoryMb").asInt()).isEqualTo(1024);
        assertThat(result.get("toMemoryMb").asInt()).isEqualTo(768);
        assertThat(result.get("watchUntil").asText()).endsWith("Z");
    }

    @Test
    void aMalformedTaskInputIsRefusedWithAClearMessage() {
        String input = "{\"mode\":\"apply\",\"functionArn\":\"orders\",\"executionArn\":\"x\","
                + "\"expectedMemoryMb\":1024,\"targetMemoryMb\":512}";

        assertThatThrownBy(() -> handler(false).handleRequest(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), new LambdaTestContext("rightsizer-apply")))
                .isInstanceOf(InvalidApplyRequestException.class)
                .hasMessageContaining("functionArn must be an unqualified Lambda function ARN");
    }

    @Test
    void aFunctionTaggedForExclusionAfterTheEvaluationIsNotChanged() {
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = functions.create(name, 1024, Map.of("rightsizer:exclude", "true"));

        ApplyResult result = handler(false).handle(apply(arn, 1024, 512));

        assertThat(result.status()).isEqualTo(DecisionStatus.SKIPPED);
        assertThat(result.reason()).contains("tagged rightsizer:exclude=true");
        assertThat(memoryOf(arn)).isEqualTo(1024);
    }

    // Notifications: one message per applied change, rollback and recommendation, on moto's SNS, read back through
    // an SQS queue subscribed to the topic.

    private ApplyHandler notifying(MotoTopicInbox inbox, DecisionNotifier notifier, Runnable countFailure) {
        LambdaFunctions configurator = new LambdaFunctions(lambda,
                new ControlPlaneRetry(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 4), pauses::add));
        ApplySettings settings = new ApplySettings(table, false, Duration.ofSeconds(3600),
                io.rightsizer.domain.function.ExclusionRule.of(null, null), Duration.ofSeconds(5),
                ApplySettings.DEFAULT_UPDATE_WAIT, java.util.Optional.of(inbox.topicArn()));
        return new ApplyHandler(new GuardedMemoryChange(configurator, log, settings, Clock.systemUTC(), notifier),
                countFailure);
    }

    private ApplyHandler notifying(MotoTopicInbox inbox) {
        return notifying(inbox, new SnsDecisionNotifier(inbox.sns(), inbox.topicArn()), () -> { });
    }

    @Test
    void anAppliedChangeSendsOneMessageWithSizesReasonSavingsAndTheExecutionLink() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            String arn = newFunction(1024);
            ApplyRequest request = apply(arn, 1024, 400);
            String name = arn.substring(arn.lastIndexOf(':') + 1);

            ApplyResult result = notifying(inbox).handle(request);

            assertThat(result.status()).isEqualTo(DecisionStatus.APPLIED);
            assertThat(result.notification()).isEqualTo("sent");
            assertThat(inbox.messages()).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Rightsizer changed " + name + ": 1024 -> 400 MB");
                assertThat(m.message()).contains("Memory:    1024 MB -> 400 MB")
                        .contains("average daily max 300 MB + 100 MB = 400 MB")
                        .contains("Estimated monthly savings: $6.00 a month")
                        .contains("https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"
                                + "#/v2/executions/details/" + request.executionArn());
                assertThat(m.attributes()).containsEntry("status", "APPLIED").containsEntry("function", name);
            });
        }
    }

    @Test
    void aRepeatedApplyThatFindsItsOutcomeSendsNoSecondMessage() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            String arn = newFunction(1024);
            ApplyRequest request = apply(arn, 1024, 400);
            ApplyHandler handler = notifying(inbox);

            handler.handle(request);
            ApplyResult again = handler.handle(request);

            assertThat(again.status()).isEqualTo(DecisionStatus.APPLIED);
            assertThat(again.notification()).isNull();
            assertThat(inbox.messages()).hasSize(1);
        }
    }

    @Test
    void aRollbackSendsOneMessageThatGivesUpTheSavingsOfTheChangeItUndoes() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            String arn = newFunction(1024);
            ApplyRequest change = apply(arn, 1024, 400);
            ApplyHandler handler = notifying(inbox);
            handler.handle(change);
            ApplyRequest rollback = new ApplyRequest("rollback", arn, change.functionName(), null, null,
                    change.executionArn(), 400, 1024, null, "2 out-of-memory invocations at 400 MB", null);

            ApplyResult result = handler.handle(rollback);

            assertThat(result.status()).isEqualTo(DecisionStatus.ROLLED_BACK);
            assertThat(memoryOf(arn)).isEqualTo(1024);
            assertThat(inbox.messages()).hasSize(2).last().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Rightsizer rolled back " + change.functionName()
                        + ": 400 -> 1024 MB");
                assertThat(m.message()).contains("2 out-of-memory invocations at 400 MB")
                        .contains("Estimated monthly savings: -$6.00 a month");
                assertThat(m.attributes()).containsEntry("status", "ROLLED_BACK");
            });
        }
    }

    @Test
    void aRecommendationSendsOneMessageAndChangesNothing() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            String arn = newFunction(1024);
            ApplyRequest recommend = apply(arn, 1024, 512);
            ((ObjectNode) recommend.decision()).put("action", "RECOMMEND")
                    .put("reason", "lower 1024 MB to 512 MB; recommend mode (from tag rightsizer:mode): recorded, not"
                            + " applied");

            ApplyResult result = notifying(inbox).handle(recommend);

            assertThat(result.status()).isEqualTo(DecisionStatus.RECOMMENDED);
            assertThat(memoryOf(arn)).isEqualTo(1024);
            assertThat(requests("PUT", "/configuration")).isZero();
            assertThat(inbox.messages()).singleElement().satisfies(m -> {
                assertThat(m.subject()).endsWith(": 1024 -> 512 MB").startsWith("Rightsizer recommended ");
                assertThat(m.message()).contains("Nothing was changed").contains("recommend mode");
            });
        }
    }

    @Test
    void outcomesThatChangeNothingForAPersonToActOnSendNoMessage() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            String arn = newFunction(2048);

            ApplyResult skipped = notifying(inbox).handle(apply(arn, 1024, 512));

            assertThat(skipped.status()).isEqualTo(DecisionStatus.SKIPPED);
            assertThat(skipped.notification()).isNull();
            assertThat(inbox.messages()).isEmpty();
        }
    }

    @Test
    void aNotificationThatFailsNeitherFailsNorRepeatsTheChangeAndIsCounted() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            String arn = newFunction(1024);
            ApplyRequest request = apply(arn, 1024, 400);
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
            // The real adapter against a topic that does not exist: SNS answers NotFound.
            ApplyHandler handler = notifying(inbox, new SnsDecisionNotifier(inbox.sns(),
                    inbox.topicArn() + "-deleted"), failures::incrementAndGet);

            ApplyResult result = handler.handle(request);
            ApplyResult again = handler.handle(request);

            assertThat(result.status()).isEqualTo(DecisionStatus.APPLIED);
            assertThat(result.notification()).startsWith("failed: NotFoundException");
            assertThat(memoryOf(arn)).isEqualTo(400);
            assertThat(requests("PUT", "/configuration")).isEqualTo(1);
            assertThat(again.status()).isEqualTo(DecisionStatus.APPLIED);
            assertThat(failures).hasValue(1);
        }
    }
}
