package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.testing.memory.InMemoryWindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The window claim protocol on the in-memory window store (the DynamoDB one keeps the same contract, checked by
 * {@code WindowStoreContract}); the starter is a recording stand-in of the port.
 */
class WindowCoordinatorTest {

    private static final FunctionRef ORDERS = FunctionRef.of("orders", "123456789012", "us-east-1");
    private static final FunctionRef ORDERS_EU = FunctionRef.of("orders", "123456789012", "eu-west-1");
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer";
    private static final Instant T0 = Instant.parse("2026-11-02T08:15:42Z");

    private InMemoryWindowStore store;
    private final MutableClock clock = new MutableClock(T0);
    private final RecordingStarter starter = new RecordingStarter();

    @BeforeEach
    void freshTable() {
        store = new InMemoryWindowStore();
    }

    private WindowCoordinator coordinator() {
        return new WindowCoordinator(store, starter, WindowSettings.ofDays(14), clock);
    }

    @Test
    void aFunctionNeverSeenWhenItReportsThenAWindowIsClaimedFromItsFirstReportAndStarted() {
        WindowOutcome outcome = coordinator().ensureWindow(ORDERS, T0.minusSeconds(30));

        assertThat(outcome).isEqualTo(WindowOutcome.STARTED);
        assertThat(starter.names()).containsExactly("orders-20261102T0815-66d2e7");
        // Fourteen whole UTC days after the first report's day, ended at the function's place within the spread.
        Duration offset = WindowSettings.ofDays(14).offset(ORDERS);
        assertThat(starter.started.get(0).windowEnd()).isEqualTo(Instant.parse("2026-11-17T00:00:00Z").plus(offset));
        assertThat(offset).isLessThan(Duration.ofHours(4));
        assertThat(WholeDays.within(starter.started.get(0).windowStart(), starter.started.get(0).windowEnd()).count())
                .isEqualTo(14);
        WindowClaim claim = store.read(ORDERS.functionArn()).orElseThrow();
        assertThat(claim.state()).isEqualTo(WindowState.STARTED);
        assertThat(claim.cycle()).isEqualTo(1);
        assertThat(claim.executionArn()).endsWith(":execution:Rightsizer:orders-20261102T0815-66d2e7");
    }

    @Test
    void aFleetFirstSeenInTheSameMinuteEndsItsWindowsSpreadOverHoursNotAllInOneMinute() {
        WindowCoordinator coordinator = coordinator();
        for (int i = 0; i < 1_000; i++) {
            coordinator.ensureWindow(FunctionRef.of("fn-" + i, "123456789012", "us-east-1"), T0.plusSeconds(i % 60));
        }

        java.util.Map<Instant, Long> perMinute = starter.started.stream().collect(java.util.stream.Collectors
                .groupingBy(e -> e.windowEnd().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                        java.util.stream.Collectors.counting()));
        Instant midnight = Instant.parse("2026-11-17T00:00:00Z");
        assertThat(starter.started).allSatisfy(e -> assertThat(e.windowEnd())
                .isBetween(midnight, midnight.plus(Duration.ofHours(4)).minusSeconds(1)));
        // 1,000 functions over 240 minutes: about 4 a minute, never the whole fleet at once.
        assertThat(perMinute).hasSizeGreaterThan(200);
        assertThat(perMinute.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(15));
        assertThat(starter.started.stream().map(WindowExecution::windowEnd).distinct().count())
                .as("distinct seconds").isGreaterThan(950);
        // The same function ends at the same place window after window (the offset is its ARN's).
        assertThat(WindowSettings.ofDays(14).offset(FunctionRef.of("fn-7", "123456789012", "us-east-1")))
                .isEqualTo(WindowSettings.ofDays(14).offset(FunctionRef.of("fn-7", "123456789012", "us-east-1")));
    }

    @Test
    void aWarmInstanceRemembersTheOpenWindowAndAColdOneReadsItWithoutStartingAgain() {
        WindowCoordinator warm = coordinator();
        warm.ensureWindow(ORDERS, T0);

        assertThat(warm.ensureWindow(ORDERS, T0.plusSeconds(60))).isEqualTo(WindowOutcome.KNOWN);
        assertThat(coordinator().ensureWindow(ORDERS, T0.plusSeconds(60))).isEqualTo(WindowOutcome.OPEN);
        assertThat(starter.started).hasSize(1);
    }

    @Test
    void theStateMachineClosedTheWindowWhenTheFunctionReportsAgainThenTheNextCycleStarts() {
        coordinator().ensureWindow(ORDERS, T0);
        closeWindow(ORDERS);
        clock.set(Instant.parse("2026-11-17T10:00:00Z"));

        WindowOutcome outcome = coordinator().ensureWindow(ORDERS, Instant.parse("2026-11-17T09:59:12Z"));

        assertThat(outcome).isEqualTo(WindowOutcome.STARTED);
        assertThat(starter.names()).containsExactly("orders-20261102T0815-66d2e7", "orders-20261117T0959-66d2e7");
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().cycle()).isEqualTo(2);
    }

    @Test
    void aLateReportFromInsideTheClosedWindowStartsTheNextWindowAtTheOldEnd() {
        coordinator().ensureWindow(ORDERS, T0);
        Instant oldEnd = store.read(ORDERS.functionArn()).orElseThrow().windowEnd();
        closeWindow(ORDERS);
        clock.set(Instant.parse("2026-11-17T10:00:00Z"));

        coordinator().ensureWindow(ORDERS, Instant.parse("2026-11-10T00:00:00Z"));

        assertThat(starter.started).last().extracting(WindowExecution::windowStart).isEqualTo(oldEnd);
        assertThat(starter.names()).last().isEqualTo(ExecutionNames.of(ORDERS, oldEnd));
    }

    @Test
    void aWindowNeverClosedCountsAsOverOnceItsGraceHasPassedSoAFailedExecutionCannotBlockTheFunction() {
        coordinator().ensureWindow(ORDERS, T0);
        Instant end = store.read(ORDERS.functionArn()).orElseThrow().windowEnd();
        clock.set(end.plus(WindowSettings.DEFAULT_CLOSE_GRACE).minusSeconds(60));
        assertThat(coordinator().ensureWindow(ORDERS, clock.instant())).isEqualTo(WindowOutcome.OPEN);

        clock.set(end.plus(WindowSettings.DEFAULT_CLOSE_GRACE).plusSeconds(60));
        assertThat(coordinator().ensureWindow(ORDERS, clock.instant())).isEqualTo(WindowOutcome.STARTED);
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().cycle()).isEqualTo(2);
    }

    @Test
    void aCrashBetweenClaimAndStartWhenTheNextBatchComesThenTheSameExecutionIsStartedAndMarked() {
        starter.failNext.set(1);
        assertThatThrownBy(() -> coordinator().ensureWindow(ORDERS, T0)).hasMessageContaining("throttled");
        WindowClaim stuck = store.read(ORDERS.functionArn()).orElseThrow();
        assertThat(stuck.state()).isEqualTo(WindowState.STARTING);

        clock.set(T0.plus(Duration.ofHours(3)));
        WindowOutcome outcome = coordinator().ensureWindow(ORDERS, clock.instant());

        assertThat(outcome).isEqualTo(WindowOutcome.RESUMED);
        assertThat(starter.started).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("orders-20261102T0815-66d2e7");
            assertThat(e.windowStart()).isEqualTo(stuck.windowStart());
        });
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().state()).isEqualTo(WindowState.STARTED);
    }

    @Test
    void concurrentBatchesOfOneFunctionClaimOneWindowOnly() throws Exception {
        List<Callable<WindowOutcome>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            WindowCoordinator instance = coordinator();
            Instant first = T0.plusSeconds(i * 61L);
            tasks.add(() -> instance.ensureWindow(ORDERS, first));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<WindowOutcome> outcomes = new ArrayList<>();
        try {
            for (Future<WindowOutcome> f : pool.invokeAll(tasks)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes).filteredOn(o -> o == WindowOutcome.STARTED).hasSize(1);
        assertThat(starter.names()).as("a joiner may start the same execution again, never another")
                .containsOnly(starter.names().get(0));
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().cycle()).isEqualTo(1);
    }

    @Test
    void theSameFunctionNameInTwoRegionsGetsTwoWindows() {
        WindowCoordinator coordinator = coordinator();
        coordinator.ensureWindow(ORDERS, T0);
        coordinator.ensureWindow(ORDERS_EU, T0);

        assertThat(starter.started).extracting(e -> e.function().region()).containsExactly("us-east-1", "eu-west-1");
        assertThat(store.read(ORDERS_EU.functionArn())).isPresent();
    }

    @Test
    void theSameFunctionNameInTwoRegionsAndTwoAccountsFirstSeenInTheSameMinuteGetsThreeDistinctExecutions() {
        FunctionRef ordersOtherAccount = FunctionRef.of("orders", "210987654321", "us-east-1");
        WindowCoordinator coordinator = coordinator();

        coordinator.ensureWindow(ORDERS, T0);
        coordinator.ensureWindow(ORDERS_EU, T0.plusSeconds(5));
        coordinator.ensureWindow(ordersOtherAccount, T0.plusSeconds(9));

        assertThat(starter.names()).containsExactly("orders-20261102T0815-66d2e7", "orders-20261102T0815-8a860b",
                "orders-20261102T0815-35a979");
        for (FunctionRef f : List.of(ORDERS, ORDERS_EU, ordersOtherAccount)) {
            WindowClaim claim = store.read(f.functionArn()).orElseThrow();
            assertThat(claim.state()).isEqualTo(WindowState.STARTED);
            assertThat(claim.executionArn()).endsWith(new WindowExecution(f, claim.cycle(), claim.windowStart(),
                    claim.windowEnd()).name());
        }
    }

    @Test
    void anExecutionNameAlreadyTakenIsRecordedAsStartedAndNeverRetried() {
        starter.answer = e -> StartResult.alreadyExists(ExecutionNames.executionArn(STATE_MACHINE, e.name()),
                "Execution Already Exists");

        assertThat(coordinator().ensureWindow(ORDERS, T0)).isEqualTo(WindowOutcome.ALREADY_EXISTS);
        assertThat(coordinator().ensureWindow(ORDERS, T0)).isEqualTo(WindowOutcome.OPEN);
        assertThat(starter.started).hasSize(1);
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().state()).isEqualTo(WindowState.STARTED);
    }

    @Test
    void aRefusedStartIsRecordedWithItsReasonAndNotRetriedWithinTheWindow() {
        starter.answer = e -> StartResult.refused("StateMachineDoesNotExist: no such state machine");

        assertThat(coordinator().ensureWindow(ORDERS, T0)).isEqualTo(WindowOutcome.REFUSED);
        assertThat(coordinator().ensureWindow(ORDERS, T0)).isEqualTo(WindowOutcome.OPEN);

        assertThat(starter.started).hasSize(1);
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().startError()).contains("StateMachineDoesNotExist");
    }

    private void closeWindow(FunctionRef function) {
        WindowClaim claim = store.read(function.functionArn()).orElseThrow();
        store.close(function.functionArn(), claim.cycle(), claim.executionArn(), "KEEP", "{}", clock.instant());
    }

    /** Records the executions it is asked to start; can fail the next calls like a throttled API. */
    private static final class RecordingStarter implements WindowStarter {
        final List<WindowExecution> started = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNext = new AtomicInteger();
        volatile java.util.function.Function<WindowExecution, StartResult> answer =
                e -> StartResult.started(ExecutionNames.executionArn(STATE_MACHINE, e.name()));

        @Override
        public StartResult start(WindowExecution execution) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("throttled");
            }
            started.add(execution);
            return answer.apply(execution);
        }

        List<String> names() {
            synchronized (started) {
                return started.stream().map(WindowExecution::name).toList();
            }
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
