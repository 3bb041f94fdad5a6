package io.rightsizer.testing.contract;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.window.StartResult;
import io.rightsizer.domain.window.WindowExecution;
import io.rightsizer.domain.window.WindowStarter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link WindowStarter} does, run against each implementation: starting a window is idempotent. */
public abstract class WindowStarterContract {

    protected static final FunctionRef ORDERS = FunctionRef.of("orders", "123456789012", "us-east-1");
    protected static final Instant START = Instant.parse("2026-11-02T08:15:00Z");

    private WindowStarter starter;

    /** A starter on a fresh state machine. */
    protected abstract WindowStarter newStarter();

    /** Ends the execution of that name the way the state machine would. */
    protected abstract void finish(String executionArn);

    @BeforeEach
    void freshStarter() {
        starter = newStarter();
    }

    private static WindowExecution window(Instant start) {
        return new WindowExecution(ORDERS, 1, start, start.plus(Duration.ofDays(14)));
    }

    @Test
    void aNewWindowStartsAnExecutionNamedAfterIt() {
        StartResult result = starter.start(window(START));

        assertThat(result.status()).isEqualTo(StartResult.Status.STARTED);
        assertThat(result.executionArn()).endsWith(":" + window(START).name());
    }

    @Test
    void startingTheSameWindowAgainWhileItRunsIsTheSameExecution() {
        String first = starter.start(window(START)).executionArn();

        StartResult again = starter.start(window(START));

        assertThat(again.status()).isEqualTo(StartResult.Status.STARTED);
        assertThat(again.executionArn()).isEqualTo(first);
    }

    @Test
    void aWindowWhoseExecutionFinishedAlreadyExistsAndIsNotStartedAgain() {
        String first = starter.start(window(START)).executionArn();
        finish(first);

        StartResult again = starter.start(window(START));

        assertThat(again.status()).isEqualTo(StartResult.Status.ALREADY_EXISTS);
        assertThat(again.executionArn()).isEqualTo(first);
    }
}
