package io.rightsizer.testing.contract;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowState;
import io.rightsizer.domain.window.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link WindowStore} does, run against each implementation: every change is conditional. */
public abstract class WindowStoreContract {

    protected static final FunctionRef ORDERS = FunctionRef.of("orders", "123456789012", "eu-west-1");
    protected static final Instant START = Instant.parse("2026-11-02T08:15:00Z");
    protected static final Instant END = START.plus(Duration.ofDays(14));
    protected static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:Rightsizer:"
            + "orders-20261102T0815-8a860b";

    protected WindowStore store;

    /** A store on fresh, empty data. */
    protected abstract WindowStore newStore();

    @BeforeEach
    void freshStore() {
        store = newStore();
    }

    @Test
    void aClaimOnlyReplacesTheCycleItWasBasedOn() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);

        assertThat(store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START))
                .as("a first claim when one exists").isFalse();
        assertThat(store.claim(WindowClaim.starting(ORDERS, 3, END, END.plus(Duration.ofDays(14))), 2L, END))
                .as("based on a cycle that is not stored").isFalse();
        assertThat(store.claim(WindowClaim.starting(ORDERS, 2, END, END.plus(Duration.ofDays(14))), 1L, END)).isTrue();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().cycle()).isEqualTo(2);
    }

    @Test
    void markingOnlyAppliesToAClaimStillStartingInThatCycle() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);

        assertThat(store.markStarted(ORDERS.functionArn(), 2, "arn", START)).isFalse();
        assertThat(store.markStartRefused(ORDERS.functionArn(), 1, "InvalidName: bad", START)).isTrue();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow()).satisfies(c -> {
            assertThat(c.state()).isEqualTo(WindowState.STARTING);
            assertThat(c.startError()).isEqualTo("InvalidName: bad");
        });
        assertThat(store.markStarted(ORDERS.functionArn(), 1, "arn", START)).isTrue();
        assertThat(store.markStarted(ORDERS.functionArn(), 1, "arn", START)).as("already started").isFalse();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().startError()).isNull();
    }

    @Test
    void theWindowsOwnExecutionClosesItWithItsOutcomeAndAnotherExecutionCannot() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);
        store.markStarted(ORDERS.functionArn(), 1, EXECUTION, START);

        assertThat(store.close(ORDERS.functionArn(), 1, EXECUTION + "-old", "KEPT", "{}", END)).isFalse();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().state()).isEqualTo(WindowState.STARTED);
        assertThat(store.close(ORDERS.functionArn(), 1, EXECUTION, "APPLIED", "{\"outcome\":\"APPLIED\"}", END))
                .isTrue();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow()).satisfies(c -> {
            assertThat(c.state()).isEqualTo(WindowState.CLOSED);
            assertThat(c.outcome()).isEqualTo("APPLIED");
        });
    }

    @Test
    void aRestartTakesOverTheWindowOfItsCycleOnly() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);
        store.markStarted(ORDERS.functionArn(), 1, EXECUTION, START);
        Instant now = START.plus(Duration.ofDays(3));

        assertThat(store.restart(ORDERS.functionArn(), 2, EXECUTION, EXECUTION + "-r", "orders-r", now, now))
                .isFalse();
        assertThat(store.restart(ORDERS.functionArn(), 1, EXECUTION, EXECUTION + "-r", "orders-r", now, now))
                .isTrue();

        assertThat(store.read(ORDERS.functionArn()).orElseThrow()).satisfies(c -> {
            assertThat(c.executionArn()).isEqualTo(EXECUTION + "-r");
            assertThat(c.windowEnd()).isEqualTo(now);
            assertThat(c.state()).isEqualTo(WindowState.STARTED);
            assertThat(c.outcome()).isNull();
        });
        assertThat(store.close(ORDERS.functionArn(), 1, EXECUTION, "KEPT", "{}", now))
                .as("the replaced execution").isFalse();
    }

    @Test
    void aLateExecutionOfAnOlderCycleCannotCloseANewerClaimNotYetMarkedStarted() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);
        store.markStarted(ORDERS.functionArn(), 1, EXECUTION, START);
        Instant next = END.plus(Duration.ofDays(9));
        store.claim(WindowClaim.starting(ORDERS, 2, next, next.plus(Duration.ofDays(14))), 1L, next);

        // The claim of cycle 2 names no execution yet: only the cycle tells the old execution it is not its window.
        assertThat(store.close(ORDERS.functionArn(), 1, EXECUTION, "APPLIED", "{}", next)).isFalse();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow()).satisfies(c -> {
            assertThat(c.cycle()).isEqualTo(2);
            assertThat(c.state()).isEqualTo(WindowState.STARTING);
        });
        assertThat(store.markStarted(ORDERS.functionArn(), 2, EXECUTION + "-2", next)).isTrue();
    }

    @Test
    void aRestartReplacesOnlyTheExecutionItReadSoOfTwoRacingRestartsOneWins() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);
        store.markStarted(ORDERS.functionArn(), 1, EXECUTION, START);
        Instant now = START.plus(Duration.ofDays(3));
        assertThat(store.restart(ORDERS.functionArn(), 1, EXECUTION, EXECUTION + "-r1", "orders-r1", now, now))
                .isTrue();

        assertThat(store.restart(ORDERS.functionArn(), 1, EXECUTION, EXECUTION + "-r2", "orders-r2", now, now))
                .as("a second restart that read the original execution").isFalse();
        assertThat(store.restart(ORDERS.functionArn(), 1, EXECUTION + "-r1", EXECUTION + "-r1", "orders-r1", now, now))
                .as("the same restart repeated").isTrue();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().executionArn()).isEqualTo(EXECUTION + "-r1");
    }

    @Test
    void allListsEveryFunctionsClaimByName() {
        FunctionRef billing = FunctionRef.of("billing", "123456789012", "eu-west-1");
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);
        store.claim(WindowClaim.starting(billing, 1, START, END), null, START);

        assertThat(store.all()).extracting(c -> c.function().functionName()).containsExactly("billing", "orders");
        assertThat(store.all()).allSatisfy(c -> assertThat(c.state()).isEqualTo(WindowState.STARTING));
    }
}
