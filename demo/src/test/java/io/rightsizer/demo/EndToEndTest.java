package io.rightsizer.demo;

import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.testing.MotoFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline, once, as {@code rightsizer demo} runs it: the real extension binary under the Lambda emulator and
 * CloudWatch Logs payloads on moto's Kinesis, the event source mapping poller and the real ingest handler, DynamoDB
 * Local, the project's ASL in moto's Step Functions with the real evaluate and apply handlers, moto's Lambda holding
 * the functions, fourteen days on a virtual clock. Each test reads one aspect of that single run.
 */
class EndToEndTest {

    private static LocalDeployment deployment;
    private static DemoRun.Result result;
    private static final ByteArrayOutputStream TERMINAL = new ByteArrayOutputStream();

    @BeforeAll
    static void runThePipeline() {
        deployment = LocalDeployment.start(DemoRun.virtualStart());
        PrintStream terminal = new PrintStream(TERMINAL, true, StandardCharsets.UTF_8);
        try {
            result = new DemoRun(deployment, DemoCommand.extensionBinary(), new Timeline(terminal, deployment.clock()))
                    .run();
        } catch (RuntimeException e) {
            throw new AssertionError("the run failed: " + e.getMessage() + "\n--- timeline:\n" + TERMINAL
                    + "\n--- moto:\n" + deployment.motoLog(), e);
        }
    }

    @AfterAll
    static void stop() {
        // The run's story, in the test's output, for whoever reads a failure.
        System.out.println(TERMINAL.toString(StandardCharsets.UTF_8));
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void theOverProvisionedFunctionEndsSmallerAndTheChangeIsKept() {
        assertThat(result.memoryAfter().get("orders-api")).isBetween(192, 300);
        assertThat(outcomeOf("orders-api")).isEqualTo("APPLIED");
        assertThat(windowItem("orders-api")).containsEntry("outcome", AttributeValue.fromS("APPLIED"));
    }

    @Test
    void theFunctionRunningOutOfMemoryEndsLarger() {
        assertThat(result.memoryAfter().get("image-resizer")).isGreaterThan(700);
        assertThat(outcomeOf("image-resizer")).isEqualTo("APPLIED");
        assertThat(audit("image-resizer")).anySatisfy(d -> {
            assertThat(d.status()).isEqualTo(DecisionStatus.APPLIED);
            assertThat(d.toMemoryMb()).isGreaterThan(d.fromMemoryMb());
        });
    }

    @Test
    void theSteadyFunctionRestartedMidWindowKeepsItsSizeAndTheOldExecutionIsSuperseded() {
        assertThat(result.memoryAfter().get("billing-sync")).isEqualTo(512);
        assertThat(result.restartOutput()).contains("Stopped").contains("Started");
        List<ExecutionTracker.Execution> runs = result.of("billing-sync");
        ExecutionTracker.Execution original = runs.get(0);
        ExecutionTracker.Execution restarted = runs.stream().filter(e -> e.name().contains("-r")).findFirst()
                .orElseThrow();
        assertThat(original.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(result.restartOutput()).contains("Stopped " + original.arn()).contains("Started " + restarted.arn());
        assertThat(restarted.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(restarted.outcome()).isEqualTo("KEPT");
        // A report after the restarted window closed opened the next window, which waits for its end.
        assertThat(runs).filteredOn(e -> e.status() == ExecutionStatus.RUNNING).hasSize(1);
        assertThat(windowItem("billing-sync")).containsEntry("cycle", AttributeValue.fromN("2"));
    }

    @Test
    void aDecreaseThatRunsOutOfMemoryInTheWatchIsRolledBack() {
        assertThat(result.memoryAfter().get("report-builder")).isEqualTo(2048);
        ExecutionTracker.Execution run = result.of("report-builder").get(0);
        assertThat(run.path()).containsSubsequence("Evaluate", "Apply", "WatchAfterApply", "Verify", "Rollback",
                "RolledBack", "RecordOutcome");
        assertThat(run.outcome()).isEqualTo("ROLLED_BACK");
        assertThat(audit("report-builder")).extracting(DecisionRecord::status)
                .contains(DecisionStatus.APPLIED, DecisionStatus.ROLLED_BACK);
        assertThat(windowItem("report-builder")).containsEntry("outcome", AttributeValue.fromS("ROLLED_BACK"));
    }

    @Test
    void theExtensionAndTheLogSubscriptionBothReachedIngestWithNothingDiscarded() {
        assertThat(deployment.poller().discarded()).isEmpty();
        assertThat(deployment.poller().handlerFailures()).isEmpty();
        assertThat(result.timeline()).anyMatch(l -> l.contains("orders-api") && l.contains("via the extension"))
                .anyMatch(l -> l.contains("report-builder") && l.contains("via the log subscription"));
    }

    @Test
    void aThrottledBatchIsDeliveredAgainFromTheRecordIngestNamed() {
        assertThat(deployment.poller().resumedFrom()).hasSize(1);
        assertThat(result.timeline()).anyMatch(l -> l.contains("partial batch response"));
    }

    @Test
    void everyOutOfMemoryReportOfTheWindowCountsExactlyOnce() {
        String evaluated = result.of("image-resizer").get(0).events().stream()
                .filter(e -> e.stateExitedEventDetails() != null && "Evaluate".equals(e.stateExitedEventDetails().name()))
                .map(e -> e.stateExitedEventDetails().output()).findFirst().orElseThrow();

        assertThat(result.windowOutOfMemory().get("image-resizer")).isPositive();
        assertThat(evaluated).contains("\"outOfMemory\":" + result.windowOutOfMemory().get("image-resizer") + ",");
    }

    @Test
    void theOperatorsViewShowsEveryOutcome() {
        assertThat(result.status()).containsPattern("orders-api +\\S+ +done +CLOSED +APPLIED +1024->2\\d\\d MB APPLIED")
                .containsPattern("image-resizer .* CLOSED +APPLIED +512->\\d+ MB APPLIED")
                .containsPattern("report-builder .* CLOSED +ROLLED_BACK +\\d+->2048 MB ROLLED_BACK")
                .containsPattern("billing-sync .* day 1/14 +STARTED")
                .contains("4 functions tracked, 1 window open");
        assertThat(result.executionsTable()).contains("ABORTED").contains("SUCCEEDED").contains("RUNNING")
                .contains("6 executions");
    }

    @Test
    void theTimelineTellsTheStoryInOrder() {
        String text = TERMINAL.toString(StandardCharsets.UTF_8);
        assertThat(text).containsSubsequence("window opened: execution orders-api-", "$ rightsizer restart billing-sync",
                "decision DECREASE 1024 -> ", "changed 1024 -> ", "verdict KEEP", "rolled back",
                "$ rightsizer status", "$ rightsizer executions");
    }

    private static String outcomeOf(String function) {
        return result.of(function).get(0).outcome();
    }

    private static List<DecisionRecord> audit(String function) {
        return new DynamoDbDecisionLog(deployment.dynamoDb(), deployment.table()).recent(MotoFunctions.arn(function),
                20);
    }

    private static Map<String, AttributeValue> windowItem(String function) {
        return deployment.dynamoDb().getItem(b -> b.tableName(deployment.table()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("FN#" + MotoFunctions.arn(function)),
                        "sk", AttributeValue.fromS("WINDOW")))).item();
    }
}
