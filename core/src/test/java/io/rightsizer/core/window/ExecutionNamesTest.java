package io.rightsizer.core.window;

import io.rightsizer.core.stream.FunctionRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionNamesTest {

    private static final Instant START = Instant.parse("2026-11-02T08:15:00Z");

    @Test
    void theNameIsTheFunctionNameAndTheWindowStartToTheMinute() {
        assertThat(ExecutionNames.of("checkout-api", START)).isEqualTo("checkout-api-20261102T0815");
    }

    @Test
    void charactersStepFunctionsConsolesDislikeAreReplaced() {
        assertThat(ExecutionNames.of("billing.v2 (eu)", START)).isEqualTo("billing_v2__eu_-20261102T0815");
    }

    @Test
    void longNamesAreCutSoTheWholeNameStaysWithin80Characters() {
        String name = ExecutionNames.of("f".repeat(140), START);
        assertThat(name).hasSize(80).endsWith("-20261102T0815").matches("[0-9A-Za-z_-]+");
    }

    @Test
    void theExecutionArnFollowsFromTheStateMachineArnAndTheName() {
        assertThat(ExecutionNames.executionArn("arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer",
                "orders-20261102T0815"))
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Rightsizer:orders-20261102T0815");
    }

    @Test
    void theExecutionInputCarriesTheFunctionAndTheWindowInIsoUtc() {
        WindowExecution execution = new WindowExecution(FunctionRef.of("orders", "123456789012", "eu-west-1"),
                START, START.plusSeconds(14 * 86_400));

        assertThat(execution.name()).isEqualTo("orders-20261102T0815");
        assertThat(execution.inputJson()).isEqualTo("{\"functionArn\":\"arn:aws:lambda:eu-west-1:123456789012:"
                + "function:orders\",\"functionName\":\"orders\",\"accountId\":\"123456789012\",\"region\":"
                + "\"eu-west-1\",\"windowStart\":\"2026-11-02T08:15:00Z\",\"windowEnd\":\"2026-11-16T08:15:00Z\"}");
    }
}
