package io.rightsizer.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.statemachine.StateMachineRig.Execution;
import io.rightsizer.testing.InterceptingProxy.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per path through {@code rightsizer.asl.json}, executed by moto's Step Functions interpreter with the real
 * evaluate-fn and apply-fn handlers answering its Lambda tasks (see {@link StateMachineRig}).
 */
class StateMachineExecutionTest {

    private static StateMachineRig rig;

    private static final LocalDate CHANGE_DAY = StateMachineRig.CHANGE_DAY;
    private static final LocalDate WATCH_DAY = StateMachineRig.WATCH_DAY;
    private static final Instant WINDOW_END = StateMachineRig.WINDOW_END;
    private static final Instant WINDOW_START = StateMachineRig.WINDOW_START;

    @BeforeAll
    static void start() {
        rig = StateMachineRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    void deploy() {
        rig.freshDeployment();
    }

    /** A function in moto with a claimed window and {@code days} days of traffic peaking at {@code peakMb}. */
    private String function(int memoryMb, int days, int peakMb, Map<String, String> tags) {
        return function(memoryMb, days, peakMb, 0, tags);
    }

    private String function(int memoryMb, int days, int peakMb, long outOfMemoryPerDay, Map<String, String> tags) {
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 6);
        String arn = rig.functions.create(name, memoryMb, tags);
        List<DailyUsage> usage = new ArrayList<>();
        for (int i = 1; i <= days; i++) {
            LocalDate day = CHANGE_DAY.minusDays(i);
            usage.add(new DailyUsage(arn, day, peakMb, memoryMb, 1_000, 2 + outOfMemoryPerDay, 0, outOfMemoryPerDay,
                    150_000, 120_000, 4, day.atTime(20, 0).toInstant(ZoneOffset.UTC)));
        }
        rig.record(usage);
        rig.claimWindow(arn, WINDOW_START, WINDOW_END);
        return name;
    }

    /** Traffic on the day after the change: the watch period Verify compares with the window. */
    private void afterTheChange(String name, int memoryMb, int peakMb, long outOfMemory) {
        traffic(name, WATCH_DAY, memoryMb, peakMb, outOfMemory);
    }

    private void traffic(String name, LocalDate day, int memoryMb, int peakMb, long outOfMemory) {
        String arn = io.rightsizer.testing.MotoFunctions.arn(name);
        rig.record(List.of(new DailyUsage(arn, day, peakMb,
                memoryMb, 300, 1 + outOfMemory, 0, outOfMemory, 45_000, 36_000, 2,
                day.atTime(22, 0).toInstant(ZoneOffset.UTC))));
    }

    private static Execution run(String name) {
        return rig.run(name, WINDOW_START, WINDOW_END);
    }

    private static String outcome(String name) {
        Map<String, AttributeValue> window = rig.windowItem(io.rightsizer.testing.MotoFunctions.arn(name));
        assertThat(window.get("state").s()).isEqualTo("CLOSED");
        return window.get("outcome").s();
    }

    private static List<DecisionRecord> audit(String name) {
        return new DynamoDbDecisionLog(rig.dynamo.client(), rig.table)
                .recent(io.rightsizer.testing.MotoFunctions.arn(name), 10);
    }

    @Test
    void applyPathDecreasesTheMemoryWatchesItKeepsItAndRecordsApplied() throws Exception {
        String name = function(1024, 14, 300, Map.of());
        afterTheChange(name, 325, 310, 0);

        Execution ex = run(name);

        assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).containsExactly("WaitForWindowEnd", "Evaluate", "RouteDecision", "PlanChange", "Apply",
                "RouteApplied", "WatchAfterApply", "Verify", "RouteVerdict", "Applied", "RecordOutcome", "RouteOutcome",
                "Done");
        assertThat(rig.memoryOf(name)).isEqualTo(325);
        assertThat(outcome(name)).isEqualTo("APPLIED");
        assertThat(rig.windowItem(io.rightsizer.testing.MotoFunctions.arn(name)).get("executionArn").s())
                .isEqualTo(ex.arn());
        assertThat(audit(name)).extracting(DecisionRecord::status)
                .containsExactly(DecisionStatus.APPLIED, DecisionStatus.INTENDED);
        assertThat(audit(name).get(0)).satisfies(a -> {
            assertThat(a.fromMemoryMb()).isEqualTo(1024);
            assertThat(a.toMemoryMb()).isEqualTo(325);
            assertThat(a.executionArn()).isEqualTo(ex.arn());
        });
        assertThat(Asl.JSON.readTree(ex.output()).get("outcome").asText()).isEqualTo("APPLIED");
    }

    @Test
    void keepPathRecordsKeptAndChangesNothing() {
        String name = function(340, 14, 300, Map.of());

        Execution ex = run(name);

        assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).containsExactly("WaitForWindowEnd", "Evaluate", "RouteDecision", "Kept",
                "RecordOutcome", "RouteOutcome", "Done");
        assertThat(rig.applyCalls.get()).isZero();
        assertThat(rig.memoryOf(name)).isEqualTo(340);
        assertThat(outcome(name)).isEqualTo("KEPT");
    }

    @Test
    void insufficientDataPathRecordsInsufficientData() {
        String name = function(1024, 2, 300, Map.of());

        Execution ex = run(name);

        assertThat(ex.path()).containsSubsequence("Evaluate", "InsufficientData", "RecordOutcome", "Done");
        assertThat(outcome(name)).isEqualTo("INSUFFICIENT_DATA");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
    }

    @Test
    void excludedPathATaggedFunctionIsLeftAlone() {
        String name = function(1024, 14, 300, Map.of("rightsizer:exclude", "true"));

        Execution ex = run(name);

        assertThat(ex.path()).containsSubsequence("Evaluate", "Excluded", "RecordOutcome", "Done");
        assertThat(outcome(name)).isEqualTo("EXCLUDED");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
    }

    @Test
    void rollbackPathOutOfMemoryAfterTheDecreaseRestoresThePreviousSize() {
        String name = function(1024, 14, 300, Map.of());
        afterTheChange(name, 325, 325, 5);

        Execution ex = run(name);

        assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).containsSubsequence("Apply", "WatchAfterApply", "Verify", "RouteVerdict", "Rollback",
                "RouteRolledBack", "RolledBack", "RecordOutcome", "Done");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
        assertThat(outcome(name)).isEqualTo("ROLLED_BACK");
        assertThat(audit(name)).extracting(DecisionRecord::status).filteredOn(DecisionStatus::isFinal)
                .containsExactly(DecisionStatus.ROLLED_BACK, DecisionStatus.APPLIED);
    }

    @Test
    void anIncreaseMadeBecauseOfOutOfMemoryIsNotRolledBackByTheOutOfMemoryOfTheDayOfTheChange() {
        String name = function(512, 14, 512, 20, Map.of());
        // The change day's out-of-memory errors came before the increase at noon; the next day is clean.
        traffic(name, CHANGE_DAY, 512, 512, 40);
        // The policy's out-of-memory step: 512 MB + 51% (50% + the 2% share of failed invocations).
        afterTheChange(name, 774, 600, 0);

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).containsSubsequence("Apply", "WatchAfterApply", "Verify", "RouteVerdict", "Applied",
                "RecordOutcome", "Done").doesNotContain("Rollback");
        assertThat(audit(name)).filteredOn(a -> a.status().isFinal()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("INCREASE");
            assertThat(a.toMemoryMb()).isGreaterThan(512);
        });
        assertThat(rig.memoryOf(name)).isGreaterThan(512);
        assertThat(outcome(name)).isEqualTo("APPLIED");
    }

    @Test
    void failingApplyIsCaughtRecordedAndFailsTheExecution() {
        String name = function(1024, 14, 300, Map.of());
        // Lambda refuses the size (an account capped below it): a failure no retry can fix.
        rig.proxy.whenFirst(StateMachineRig::isUpdate, -1, r -> Response.json(400, "{\"Type\":\"User\",\"message\":"
                + "\"MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 3008\"}",
                Map.of("x-amzn-ErrorType", "InvalidParameterValueException")));

        Execution ex = run(name);

        assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ex.path()).containsSubsequence("Apply", "ApplyFailed", "RecordOutcome", "RouteOutcome", "Failed");
        assertThat(ex.taskErrors())
                .containsExactly("software.amazon.awssdk.services.lambda.model.InvalidParameterValueException");
        assertThat(outcome(name)).isEqualTo("FAILED");
        assertThat(rig.windowItem(io.rightsizer.testing.MotoFunctions.arn(name)).get("outcomeDetail").s())
                .contains("\"failedState\":\"Apply\"", "less than or equal to 3008");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
    }

    @Test
    void aThrottledLambdaInvocationIsRetriedByTheStateMachine() {
        String name = function(340, 14, 300, Map.of());
        rig.proxy.whenFirst(r -> r.method().equals("POST") && r.path().contains("rightsizer-evaluate"), 1,
                r -> Response.json(429, "{\"Type\":\"User\",\"message\":\"Rate exceeded\"}",
                        Map.of("x-amzn-ErrorType", "TooManyRequestsException", "Retry-After", "1",
                                "x-amzn-RequestId", UUID.randomUUID().toString())));

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.taskErrors()).containsExactly("Lambda.TooManyRequestsException");
        assertThat(ex.path()).containsExactly("WaitForWindowEnd", "Evaluate", "RouteDecision", "Kept",
                "RecordOutcome", "RouteOutcome", "Done");
        assertThat(rig.evaluateCalls.get()).isEqualTo(1);
        assertThat(outcome(name)).isEqualTo("KEPT");
    }

    @Test
    void dryRunPathRecordsTheDecisionAndChangesNothing() {
        rig.dryRun = true;
        String name = function(1024, 14, 300, Map.of());

        Execution ex = run(name);

        assertThat(ex.path()).containsSubsequence("Apply", "RouteApplied", "DryRun", "RecordOutcome", "Done");
        assertThat(ex.path()).doesNotContain("WatchAfterApply");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
        assertThat(outcome(name)).isEqualTo("DRY_RUN");
        assertThat(audit(name)).extracting(DecisionRecord::status).containsExactly(DecisionStatus.DRY_RUN);
    }

    @Test
    void skippedPathWhenTheOwnerChangedTheMemoryAfterTheEvaluationNothingIsOverwritten() {
        String name = function(1024, 14, 300, Map.of());
        rig.proxy.whenFirst(r -> r.method().equals("POST") && r.path().contains("rightsizer-apply"), 1, r -> {
            rig.functions.setMemory(name, 2048);
            return null;
        });

        Execution ex = run(name);

        assertThat(ex.path()).containsSubsequence("Apply", "RouteApplied", "ChangeSkipped", "RecordOutcome", "Done");
        assertThat(rig.memoryOf(name)).isEqualTo(2048);
        assertThat(outcome(name)).isEqualTo("SKIPPED");
    }

    @Test
    void aWindowRestartedByAnotherExecutionIsNotClosedByTheOldOne() throws Exception {
        String name = function(340, 14, 300, Map.of());
        String arn = io.rightsizer.testing.MotoFunctions.arn(name);
        rig.dynamo.client().updateItem(b -> b.tableName(rig.table)
                .key(Map.of("pk", AttributeValue.fromS("FN#" + arn), "sk", AttributeValue.fromS("WINDOW")))
                .updateExpression("SET executionArn = :other, #s = :started")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":other", AttributeValue.fromS("arn:aws:states:restarted"),
                        ":started", AttributeValue.fromS("STARTED"))));

        Execution ex = run(name);

        assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).endsWith("RecordOutcome", "Superseded");
        JsonNode output = Asl.JSON.readTree(ex.output());
        assertThat(output.get("superseded").asBoolean()).isTrue();
        assertThat(output.get("functionName").asText()).isEqualTo(name);
        assertThat(rig.windowItem(arn).get("state").s()).isEqualTo("STARTED");
    }

    @Test
    void whenTheOutcomeCannotBeWrittenTheExecutionFailsAtRecordOutcomeWhereARedriveResumes() {
        String name = function(400, 14, 300, Map.of());
        rig.dynamo.client().deleteTable(b -> b.tableName(rig.table));

        Execution ex = run(name);

        assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ex.path()).containsSubsequence("Evaluate", "EvaluateFailed", "RecordOutcome").last()
                .isEqualTo("RecordOutcome");
        assertThat(ex.failure()).startsWith("DynamoDB.ResourceNotFoundException");
    }

    // Modes and notifications, with evaluate-fn configured as the stack deploys it.

    private static final io.rightsizer.domain.function.ModeRule DEPLOYED_MODES =
            io.rightsizer.domain.function.ModeRule.of(null, null,
                    "Rightsizer-extension-x86_64,Rightsizer-extension-arm64");

    /** Every Lambda control-plane call apply-fn makes, by operation name, from now on. */
    private static List<String> applyCallsSeen() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        rig.interceptLambdaCalls(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() { },
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                        seen.add(c.request().getClass().getSimpleName());
                    }
                });
        return seen;
    }

    @Test
    void aFunctionOnlyTheAccountSubscriptionReachesIsRecommendedAndNeverChanged() {
        rig.modes = DEPLOYED_MODES;
        String name = function(1024, 14, 300, Map.of());
        List<String> calls = applyCallsSeen();

        try (io.rightsizer.testing.MotoTopicInbox inbox =
                     io.rightsizer.testing.MotoTopicInbox.create(rig.moto.endpoint())) {
            rig.notifier = new io.rightsizer.aws.sns.SnsDecisionNotifier(inbox.sns(), inbox.topicArn());

            Execution ex = run(name);

            assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.path()).containsExactly("WaitForWindowEnd", "Evaluate", "RouteDecision", "PlanChange",
                    "Apply", "RouteApplied", "Recommended", "RecordOutcome", "RouteOutcome", "Done");
            assertThat(rig.memoryOf(name)).isEqualTo(1024);
            assertThat(calls).isNotEmpty().doesNotContain("UpdateFunctionConfigurationRequest");
            assertThat(outcome(name)).isEqualTo("RECOMMENDED");
            assertThat(audit(name)).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(DecisionStatus.RECOMMENDED);
                assertThat(a.toMemoryMb()).isEqualTo(325);
                assertThat(a.reason()).contains("recommend mode").contains("account-level log subscription");
            });
            assertThat(inbox.messages()).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Rightsizer recommended " + name + ": 1024 -> 325 MB");
                assertThat(m.message()).contains("Nothing was changed")
                        .contains("#/v2/executions/details/" + ex.arn());
            });
        }
    }

    @Test
    void aRecommendModeTagKeepsEvenAnOptedInFunctionUnchanged() {
        rig.modes = DEPLOYED_MODES;
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 6);
        String arn = rig.functions.create(name, 1024, Map.of("rightsizer:mode", "recommend"));
        rig.runsLayer(name, "arn:aws:lambda:us-east-1:123456789012:layer:Rightsizer-extension-arm64:3");
        List<DailyUsage> usage = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            LocalDate day = CHANGE_DAY.minusDays(i);
            usage.add(new DailyUsage(arn, day, 300, 1024, 1_000, 2, 0, 0, 150_000, 120_000, 4,
                    day.atTime(20, 0).toInstant(ZoneOffset.UTC)));
        }
        rig.record(usage);
        rig.claimWindow(arn, WINDOW_START, WINDOW_END);
        List<String> calls = applyCallsSeen();

        Execution ex = run(name);

        assertThat(ex.path()).contains("Recommended").doesNotContain("WatchAfterApply");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
        assertThat(calls).doesNotContain("UpdateFunctionConfigurationRequest");
        assertThat(outcome(name)).isEqualTo("RECOMMENDED");
    }

    @Test
    void anOptedInFunctionIsChangedAndThenRolledBackWithOneMessageForEach() {
        rig.modes = DEPLOYED_MODES;
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 6);
        String arn = rig.functions.create(name, 1024, Map.of());
        rig.runsLayer(name, "arn:aws:lambda:us-east-1:123456789012:layer:Rightsizer-extension-x86_64:3");
        List<DailyUsage> usage = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            LocalDate day = CHANGE_DAY.minusDays(i);
            usage.add(new DailyUsage(arn, day, 300, 1024, 1_000, 2, 0, 0, 150_000, 120_000, 4,
                    day.atTime(20, 0).toInstant(ZoneOffset.UTC)));
        }
        rig.record(usage);
        rig.claimWindow(arn, WINDOW_START, WINDOW_END);
        afterTheChange(name, 325, 325, 5);

        try (io.rightsizer.testing.MotoTopicInbox inbox =
                     io.rightsizer.testing.MotoTopicInbox.create(rig.moto.endpoint())) {
            rig.notifier = new io.rightsizer.aws.sns.SnsDecisionNotifier(inbox.sns(), inbox.topicArn());

            Execution ex = run(name);

            assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(outcome(name)).isEqualTo("ROLLED_BACK");
            assertThat(rig.memoryOf(name)).isEqualTo(1024);
            assertThat(inbox.messages()).extracting(io.rightsizer.testing.MotoTopicInbox.Received::subject)
                    .containsExactly("Rightsizer changed " + name + ": 1024 -> 325 MB",
                            "Rightsizer rolled back " + name + ": 325 -> 1024 MB");
        }
    }
}
