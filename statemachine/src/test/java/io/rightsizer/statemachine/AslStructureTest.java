package io.rightsizer.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.aws.dynamodb.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The ASL file is valid, and every task is guarded the way the design asks. */
class AslStructureTest {

    private static final List<String> RECOMMENDED_LAMBDA_RETRY = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.ClientExecutionTimeoutException");

    private final JsonNode asl = Asl.tree();
    private final JsonNode states = asl.get("States");

    @Test
    void theDefinitionStartsByWaitingForTheWindowAndHasEveryStep() {
        // The language itself is checked by asl-validator (validate-asl.sh, run by ./test): AWS's Java validator
        // predates JitterStrategy, MaxDelaySeconds, ErrorPath and CausePath.
        assertThat(asl.get("StartAt").asText()).isEqualTo("WaitForWindowEnd");
        assertThat(fieldNames(states)).contains("Evaluate", "PlanChange", "Apply", "WaitForUpdate", "WatchAfterApply",
                "Verify", "PlanRaise", "Rollback", "WaitForRollback", "RecordOutcome", "Done", "Failed");
    }

    @Test
    void everyRetrierJittersItsBackoffSoAFleetDoesNotRetryInStep() {
        forEachState((name, state) -> state.path("Retry").forEach(retrier -> {
            assertThat(retrier.path("JitterStrategy").asText()).as(name + " " + retrier.get("ErrorEquals"))
                    .isEqualTo("FULL");
        }));
    }

    @Test
    void terminalStatesArePassOrFailStatesBecauseASucceedWithOutputPathFailsCfnLint() {
        forEachState((name, state) -> {
            assertThat(state.get("Type").asText()).as(name).isNotEqualTo("Succeed");
            if (state.path("End").asBoolean()) {
                assertThat(state.get("Type").asText()).as(name).isEqualTo("Pass");
                assertThat(state.get("Parameters").get("functionName.$").asText()).as(name + " names the function")
                        .isEqualTo("$.functionName");
            }
        });
    }

    @Test
    void theFailedStateReportsTheFailedStepsRealErrorAndCause() {
        JsonNode failed = states.get("Failed");
        assertThat(failed.has("Error")).isFalse();
        assertThat(failed.has("Cause")).isFalse();
        assertThat(failed.get("ErrorPath").asText()).isEqualTo("$.outcome.error");
        assertThat(failed.get("CausePath").asText()).contains("$.outcome.failedState", "$.functionName",
                "$.outcome.cause");
    }

    @Test
    void theOutcomeIsRecordedOnlyOnTheWindowOfTheExecutionsOwnCycle() {
        JsonNode p = states.get("RecordOutcome").get("Parameters");
        assertThat(p.get("ConditionExpression").asText()).startsWith("#cycle = :cycle AND");
        assertThat(p.get("ExpressionAttributeNames").get("#cycle").asText()).isEqualTo(TableSchema.CYCLE);
        assertThat(p.get("ExpressionAttributeValues").get(":cycle").get("N.$").asText()).contains("$.cycle");
    }

    @Test
    void aChangeInProgressIsPolledByTheStateMachineNotAwaitedInALambda() {
        assertThat(states.get("WaitForUpdate").get("SecondsPath").asText()).isEqualTo("$.apply.result.pollSeconds");
        assertThat(states.get("WaitForUpdate").get("Next").asText()).isEqualTo("Apply");
        assertThat(states.get("WaitForRollback").get("Next").asText()).isEqualTo("Rollback");
        assertThat(states.get("Apply").get("Parameters").get("Payload").get("targetMemoryMb.$").asText())
                .isEqualTo("$.change.targetMemoryMb");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void placeholdersAreExactlyTheThreeTheDeploymentSubstitutesAndOnlyInsideStrings() {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(Asl.text());
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("ApplyFunctionArn", "EvaluateFunctionArn", "TableName");
        List<String> holders = new ArrayList<>();
        collectStrings(asl, holders);
        assertThat(holders.stream().filter(s -> s.contains("${")))
                .allMatch(s -> s.equals("${EvaluateFunctionArn}") || s.equals("${ApplyFunctionArn}")
                        || s.equals("${TableName}"));
    }

    @Test
    void waitsAreDataDriven() {
        assertThat(states.get("WaitForWindowEnd").get("TimestampPath").asText()).isEqualTo("$.windowEnd");
        assertThat(states.get("WatchAfterApply").get("TimestampPath").asText()).isEqualTo("$.apply.result.watchUntil");
    }

    @Test
    void everyTaskHasATimeoutRetriesAndACatchAll() {
        forEachState((name, state) -> {
            if (!state.get("Type").asText().equals("Task")) {
                return;
            }
            assertThat(state.path("TimeoutSeconds").asInt()).as(name + " TimeoutSeconds").isBetween(1, 900);
            assertThat(state.path("Retry").isArray() && !state.get("Retry").isEmpty()).as(name + " Retry").isTrue();
            List<String> caught = new ArrayList<>();
            state.path("Catch").forEach(c -> c.get("ErrorEquals").forEach(e -> caught.add(e.asText())));
            if (name.equals("RecordOutcome")) {
                // The recorder catches only a lost ownership; any other failure fails the execution at this state,
                // so that a redrive resumes here and writes the outcome.
                assertThat(caught).as(name + " Catch").containsExactly("DynamoDB.ConditionalCheckFailedException");
                assertThat(state.get("Catch").get(0).get("Next").asText()).isEqualTo("Superseded");
            } else {
                assertThat(caught).as(name + " Catch").contains("States.ALL");
                assertThat(state.get("Catch").get(0).get("Next").asText()).as(name + " Catch target")
                        .endsWith("Failed");
            }
            if (state.get("Resource").asText().equals("arn:aws:states:::lambda:invoke")) {
                List<String> retried = new ArrayList<>();
                state.get("Retry").forEach(r -> r.get("ErrorEquals").forEach(e -> retried.add(e.asText())));
                assertThat(retried).as(name + " retries Lambda service errors")
                        .containsAll(RECOMMENDED_LAMBDA_RETRY).contains("Lambda.TooManyRequestsException");
                assertThat(state.get("ResultPath").asText()).as(name + " keeps its output under a ResultPath")
                        .startsWith("$.");
                assertThat(state.has("ResultSelector")).as(name + " keeps only the Payload").isTrue();
            }
        });
    }

    @Test
    void everyTargetExistsAndEveryStateIsReachable() {
        Set<String> reachable = reachableFrom(asl.get("StartAt").asText(), null);
        Set<String> all = new TreeSet<>();
        states.fieldNames().forEachRemaining(all::add);
        assertThat(reachable).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void everyPathRecordsItsOutcomeBeforeItEnds() {
        // Without RecordOutcome no terminal state can be reached: every path goes through it.
        Set<String> withoutRecording = reachableFrom(asl.get("StartAt").asText(), "RecordOutcome");
        forEachState((name, state) -> {
            String type = state.get("Type").asText();
            if (type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean()) {
                assertThat(withoutRecording).as("terminal " + name).doesNotContain(name);
            }
        });
    }

    @Test
    void theOutcomeIsWrittenToTheWindowItemWithTheExecutionArn() {
        JsonNode p = states.get("RecordOutcome").get("Parameters");
        assertThat(states.get("RecordOutcome").get("Resource").asText()).isEqualTo("arn:aws:states:::dynamodb:updateItem");
        assertThat(p.get("Key").get("sk").get("S").asText()).isEqualTo("WINDOW");
        assertThat(p.get("UpdateExpression").asText()).contains("#state = :closed", "#outcome = :outcome",
                "#executionArn = :executionArn");
        assertThat(p.get("ExpressionAttributeValues").get(":executionArn").get("S.$").asText())
                .isEqualTo("$$.Execution.Id");
    }

    @Test
    void theWindowAttributesRecordOutcomeWritesAreTheOnesTheTableSchemaOwns() {
        JsonNode p = states.get("RecordOutcome").get("Parameters");
        Set<String> written = new TreeSet<>();
        p.get("Key").fieldNames().forEachRemaining(written::add);
        p.get("ExpressionAttributeNames").forEach(name -> written.add(name.asText()));

        assertThat(TableSchema.WINDOW_ATTRIBUTES).containsAll(written);
        assertThat(p.get("Key").get(TableSchema.SK).get("S").asText()).isEqualTo(TableSchema.WINDOW_SK);
        assertThat(p.get("Key").get(TableSchema.PK).get("S.$").asText())
                .isEqualTo("States.Format('" + TableSchema.FUNCTION_PREFIX + "{}', $.functionArn)");
    }

    private Set<String> reachableFrom(String start, String removed) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.equals(removed) || !seen.add(name)) {
                continue;
            }
            JsonNode state = states.get(name);
            assertThat(state).as("target state " + name).isNotNull();
            targets(state).forEach(todo::push);
        }
        return seen;
    }

    private static List<String> targets(JsonNode state) {
        List<String> out = new ArrayList<>();
        if (state.has("Next")) {
            out.add(state.get("Next").asText());
        }
        if (state.has("Default")) {
            out.add(state.get("Default").asText());
        }
        state.path("Choices").forEach(c -> out.add(c.get("Next").asText()));
        state.path("Catch").forEach(c -> out.add(c.get("Next").asText()));
        return out;
    }

    private void forEachState(java.util.function.BiConsumer<String, JsonNode> action) {
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            action.accept(e.getKey(), e.getValue());
        }
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collectStrings(child, out));
    }
}
