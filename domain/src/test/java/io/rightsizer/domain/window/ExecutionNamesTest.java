package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionNamesTest {

    private static final Instant START = Instant.parse("2026-11-02T08:15:00Z");
    private static final FunctionRef CHECKOUT = FunctionRef.of("checkout-api", "123456789012", "us-east-1");

    @Test
    void theNameIsTheFunctionNameTheWindowStartToTheMinuteAndSixHexOfTheFunctionArnsHash() {
        assertThat(ExecutionNames.of(CHECKOUT, START)).isEqualTo("checkout-api-20261102T0815-09325d");
    }

    @Test
    void theSameFunctionNameInAnotherRegionOrAccountGetsAnotherNameForTheSameMinute() {
        String home = ExecutionNames.of(FunctionRef.of("orders", "123456789012", "us-east-1"), START);
        String otherRegion = ExecutionNames.of(FunctionRef.of("orders", "123456789012", "eu-west-1"), START);
        String otherAccount = ExecutionNames.of(FunctionRef.of("orders", "210987654321", "us-east-1"), START);

        assertThat(home).isEqualTo("orders-20261102T0815-66d2e7");
        assertThat(otherRegion).isEqualTo("orders-20261102T0815-8a860b");
        assertThat(otherAccount).isEqualTo("orders-20261102T0815-35a979");
    }

    @Test
    void theNameIsDeterministicSoACrashedStartIsHealedUnderTheSameName() {
        assertThat(ExecutionNames.of(FunctionRef.fromArn(CHECKOUT.functionArn() + ":live"), START))
                .isEqualTo(ExecutionNames.of(CHECKOUT, START));
    }

    @Test
    void longNamesAreCutSoTheWholeNameStaysWithin80CharactersAndKeepsStampAndHash() {
        FunctionRef longest = FunctionRef.of("f".repeat(140), "123456789012", "us-east-1");

        String name = ExecutionNames.of(longest, START);

        assertThat(name).hasSize(80).matches("f{59}-20261102T0815-[0-9a-f]{6}");
    }

    @Test
    void aSuffixSuchAsTheRestartMarkerShortensTheFunctionNameNotTheStampOrHash() {
        FunctionRef longest = FunctionRef.of("f".repeat(140), "123456789012", "us-east-1");

        String name = ExecutionNames.of(longest, START, "-r20261109T1234");

        assertThat(name).hasSize(80).matches("f{44}-20261102T0815-[0-9a-f]{6}-r20261109T1234");
        assertThat(ExecutionNames.of(CHECKOUT, START, "-r20261109T1234"))
                .isEqualTo("checkout-api-20261102T0815-09325d-r20261109T1234");
        assertThatThrownBy(() -> ExecutionNames.of(CHECKOUT, START, "-r 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNameWithoutTheHashStillReplacesCharactersStepFunctionsConsolesDislike() {
        assertThat(ExecutionNames.of("billing.v2 (eu)", START)).isEqualTo("billing_v2__eu_-20261102T0815");
        assertThat(ExecutionNames.of("f".repeat(140), START)).hasSize(80).endsWith("-20261102T0815");
        assertThat(ExecutionNames.prefix("checkout-api")).isEqualTo("checkout-api-");
    }

    @Test
    void theExecutionArnFollowsFromTheStateMachineArnAndTheName() {
        assertThat(ExecutionNames.executionArn("arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer",
                "orders-20261102T0815-66d2e7"))
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Rightsizer:orders-20261102T0815-66d2e7");
    }

    @Test
    void theExecutionInputCarriesTheFunctionTheWindowInIsoUtcAndItsCycle() {
        WindowExecution execution = new WindowExecution(FunctionRef.of("orders", "123456789012", "eu-west-1"), 3,
                START, START.plusSeconds(14 * 86_400));

        assertThat(execution.name()).isEqualTo("orders-20261102T0815-8a860b");
        assertThat(execution.inputJson()).isEqualTo("{\"functionArn\":\"arn:aws:lambda:eu-west-1:123456789012:"
                + "function:orders\",\"functionName\":\"orders\",\"accountId\":\"123456789012\",\"region\":"
                + "\"eu-west-1\",\"windowStart\":\"2026-11-02T08:15:00Z\",\"windowEnd\":\"2026-11-16T08:15:00Z\",\"cycle\":3}");
    }
}
