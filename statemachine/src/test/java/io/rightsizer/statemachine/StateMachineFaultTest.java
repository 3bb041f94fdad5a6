package io.rightsizer.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.statemachine.StateMachineRig.Execution;
import io.rightsizer.testing.InterceptingProxy.Response;
import io.rightsizer.testing.MotoFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine under what AWS does and the local stand-ins do not: lost responses, updates that stay InProgress,
 * throttled polls, a failed audit write, a human changing the memory, a deleted function, published versions and an
 * alias, a late execution of an older cycle. Each runs the real ASL in moto with the real handlers
 * ({@link StateMachineRig}) and ends in the right outcome with the function at the right size.
 */
class StateMachineFaultTest {

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

    // ---- fixtures: functions in moto, day items in the table ----

    private static String newFunction(int memoryMb) {
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 6);
        rig.functions.create(name, memoryMb, Map.of());
        return name;
    }

    private static String arn(String name) {
        return MotoFunctions.arn(name);
    }

    /** One day's usage: {@code bySize} maps each memory size the day ran at to its peak there. */
    private static DailyUsage day(String name, LocalDate day, Map<Integer, Integer> bySize, long invocations, long oom,
                                  Set<String> versions) {
        int last = new TreeMap<>(bySize).lastKey();
        int peak = bySize.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new DailyUsage(arn(name), day, peak, last, invocations, 2 + oom, 0, oom, invocations * 150,
                invocations * 120.0, 4, day.atTime(20, 0).toInstant(ZoneOffset.UTC), new TreeMap<>(bySize),
                new TreeSet<>(versions));
    }

    private static void record(DailyUsage... days) {
        rig.record(List.of(days));
    }

    /** The 14 days before the change day at one size, each peaking at {@code peakMb}. */
    private static void window(String name, int memoryMb, int peakMb, long oomPerDay, Set<String> versions) {
        List<DailyUsage> days = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            days.add(day(name, CHANGE_DAY.minusDays(i), Map.of(memoryMb, peakMb), 1_000, oomPerDay, versions));
        }
        rig.record(days);
        rig.claimWindow(arn(name), WINDOW_START, WINDOW_END);
    }

    private static void watchDay(String name, LocalDate day, int memoryMb, int peakMb, long oom, Set<String> versions) {
        record(day(name, day, Map.of(memoryMb, peakMb), 300, oom, versions));
    }

    private static Execution run(String name) {
        return rig.run(name, WINDOW_START, WINDOW_END);
    }

    private static Map<String, AttributeValue> windowItem(String name) {
        return rig.windowItem(arn(name));
    }

    private static String outcome(String name) {
        Map<String, AttributeValue> window = windowItem(name);
        assertThat(window.get("state").s()).isEqualTo("CLOSED");
        return window.get("outcome").s();
    }

    private static String outcomeDetail(String name) {
        return windowItem(name).get("outcomeDetail").s();
    }

    private static List<DecisionRecord> audit(String name) {
        return new DynamoDbDecisionLog(rig.dynamo.client(), rig.table).recent(arn(name), 20);
    }

    private static List<DecisionRecord> finalAudit(String name) {
        return audit(name).stream().filter(r -> !r.status().name().equals("INTENDED")).toList();
    }

    // ---- item 1: intent before effect ----

    @Test
    void aLostUpdateResponseIsRecognisedAsItsOwnChangeWhichIsThenWatchedAndKept() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        watchDay(name, WATCH_DAY, 325, 310, 0, Set.of());
        rig.loseNextUpdateResponse();

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).contains("WatchAfterApply", "Verify");
        assertThat(rig.memoryOf(name)).isEqualTo(325);
        assertThat(outcome(name)).isEqualTo("APPLIED");
        assertThat(finalAudit(name)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(DecisionStatus.APPLIED);
            assertThat(a.fromMemoryMb()).isEqualTo(1024);
            assertThat(a.toMemoryMb()).isEqualTo(325);
        });
    }

    @Test
    void anUpdateStillInProgressForTwoPollsIsWaitedForAndThenWatched() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        watchDay(name, WATCH_DAY, 325, 310, 0, Set.of());
        rig.keepUpdateInProgressFor(2);

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).contains("WatchAfterApply", "Verify");
        assertThat(rig.memoryOf(name)).isEqualTo(325);
        assertThat(outcome(name)).isEqualTo("APPLIED");
    }

    @Test
    void anUpdateStillInProgressWhenTheWaitGivesUpIsWatchedNotSkipped() {
        rig.updateTimeout = Duration.ofSeconds(2);
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        watchDay(name, WATCH_DAY, 325, 310, 0, Set.of());
        rig.keepUpdateInProgressFor(1_000);

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).contains("WatchAfterApply", "Verify");
        assertThat(rig.memoryOf(name)).isEqualTo(325);
        assertThat(outcome(name)).isEqualTo("APPLIED");
    }

    @Test
    void throttledPollsAfterTheUpdateDelayTheChangeButNeverSkipIt() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        watchDay(name, WATCH_DAY, 325, 310, 0, Set.of());
        rig.keepUpdateInProgressFor(1);
        rig.throttleGetFunctionAfterTheUpdate(6);

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).contains("WatchAfterApply", "Verify");
        assertThat(rig.memoryOf(name)).isEqualTo(325);
        assertThat(outcome(name)).isEqualTo("APPLIED");
    }

    @Test
    void aFailedAuditWriteAfterTheChangeIsRepairedByTheRetriedStepAndTheChangeIsWatched() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        watchDay(name, WATCH_DAY, 325, 310, 0, Set.of());
        rig.failNextAuditWriteOf("APPLIED");

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).contains("WatchAfterApply", "Verify");
        assertThat(rig.memoryOf(name)).isEqualTo(325);
        assertThat(outcome(name)).isEqualTo("APPLIED");
        assertThat(finalAudit(name)).extracting(DecisionRecord::status).containsExactly(DecisionStatus.APPLIED);
    }

    // ---- item 2: the window is exactly the window ----

    @Test
    void theDayARollbackEndedAtTheStartOfTheNextWindowIsNoEvidence() {
        // The last window rolled 400 MB back to 1024 MB at 00:11; the next window starts then. Its first day holds the
        // out-of-memory errors of 400 MB from before 00:11 and the traffic at 1024 MB after it.
        Instant start = WINDOW_START.plus(Duration.ofMinutes(11));
        Instant end = WINDOW_END.plus(Duration.ofMinutes(11));
        String name = newFunction(1024);
        LocalDate first = start.atOffset(ZoneOffset.UTC).toLocalDate();
        record(day(name, first, Map.of(400, 400, 1024, 850), 1_000, 30, Set.of()));
        for (LocalDate d = first.plusDays(1); d.isBefore(CHANGE_DAY); d = d.plusDays(1)) {
            record(day(name, d, Map.of(1024, 900), 1_000, 0, Set.of()));
        }
        rig.claimWindow(arn(name), start, end);

        Execution ex = rig.run(name, start, end);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(outcome(name)).isEqualTo("KEPT");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
    }

    // ---- item 3: evidence at another size is not evidence for this size ----

    @Test
    void aHumanRaiseMidWindowAfterOutOfMemoryIsNotAnsweredWithAnotherRaise() {
        String name = newFunction(512);
        for (int i = 14; i >= 8; i--) {
            record(day(name, CHANGE_DAY.minusDays(i), Map.of(512, 512), 1_000, 20, Set.of()));
        }
        // Day 8 of the window: the owner raises 512 MB to 1024 MB after the out-of-memory errors.
        record(day(name, CHANGE_DAY.minusDays(7), Map.of(512, 512, 1024, 880), 1_000, 6, Set.of()));
        rig.functions.setMemory(name, 1024);
        for (int i = 6; i >= 1; i--) {
            record(day(name, CHANGE_DAY.minusDays(i), Map.of(1024, 900), 1_000, 0, Set.of()));
        }
        rig.claimWindow(arn(name), WINDOW_START, WINDOW_END);

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
        assertThat(outcome(name)).isEqualTo("KEPT");
        assertThat(outcomeDetail(name)).contains("changed outside Rightsizer", "6 days at 1024 MB");
    }

    // ---- item 4: remember what failed ----

    @Test
    void aSizeRolledBackWithinNinetyDaysIsNotProposedAgain() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        new DynamoDbDecisionLog(rig.dynamo.client(), rig.table).record(new DecisionRecord(arn(name),
                WINDOW_START.minus(Duration.ofDays(2)), DecisionStep.ROLLBACK, DecisionStatus.ROLLED_BACK, 400, 1024,
                "5 out-of-memory invocations at 400 MB since the change from 1024 MB", null,
                "arn:aws:states:us-east-1:123456789012:execution:Rightsizer:earlier", null, null, null, null, 0));
        watchDay(name, WATCH_DAY, 464, 320, 0, Set.of());

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(rig.memoryOf(name)).isEqualTo(464);
        assertThat(outcome(name)).isEqualTo("APPLIED");
        assertThat(finalAudit(name).stream().filter(a -> a.step() == DecisionStep.APPLY).findFirst().orElseThrow()
                .reason()).contains("400 MB, which was rolled back");
    }

    // ---- item 5: versions and aliases ----

    @Test
    void trafficOnAPublishedVersionIsRecommendedNotApplied() {
        String name = newFunction(1024);
        String version = rig.functions.publishVersion(name);
        rig.functions.pointAlias(name, "live", version);
        window(name, 1024, 300, 0, Set.of(version));

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).doesNotContain("WatchAfterApply");
        assertThat(rig.memoryOf(name)).isEqualTo(1024);
        assertThat(outcome(name)).isEqualTo("RECOMMENDED");
        assertThat(finalAudit(name)).singleElement().satisfies(a -> {
            assertThat(a.status().name()).isEqualTo("RECOMMENDED");
            assertThat(a.toMemoryMb()).isEqualTo(325);
            assertThat(a.reason()).contains("published version " + version, "set 325 MB in your deployment");
        });
    }

    @Test
    void aChangeWhoseWatchedDaysRanAtTheOldSizeIsNotInEffectNotJudgedAndUndone() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        // The live alias serves a version published before the change: the watched day still runs at 1024 MB.
        String version = rig.functions.publishVersion(name);
        rig.functions.pointAlias(name, "live", version);
        watchDay(name, WATCH_DAY, 1024, 305, 0, Set.of(version));

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(outcome(name)).isEqualTo("NOT_IN_EFFECT");
        assertThat(outcomeDetail(name)).contains("not in effect");
        assertThat(rig.memoryOf(name)).as("$LATEST back at the size live traffic runs at").isEqualTo(1024);
    }

    // ---- item 6: gone is not failed ----

    @Test
    void aFunctionDeletedDuringItsWindowEndsGoneNotFailed() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        rig.functions.delete(name);

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(outcome(name)).isEqualTo("GONE");
        assertThat(outcomeDetail(name)).contains("no longer exists");
    }

    @Test
    void aFunctionDeletedBetweenEvaluateAndApplyEndsGoneNotFailed() {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        rig.proxy.whenFirst(r -> r.method().equals("POST") && r.path().contains("rightsizer-apply"), 1, r -> {
            rig.functions.delete(name);
            return null;
        });

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(outcome(name)).isEqualTo("GONE");
    }

    // ---- item 7: one execution per function, always ----

    @Test
    void aLateExecutionOfTheLastCycleCannotCloseTheNextCyclesClaim() {
        String name = newFunction(400);
        window(name, 400, 300, 0, Set.of());
        Instant next = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        // While the old execution runs, ingest claims the next cycle (the grace ran out): the claim names no execution.
        rig.proxy.whenFirst(r -> "DynamoDB_20120810.UpdateItem".equals(r.header("X-Amz-Target"))
                && r.bodyText().contains("CLOSED"), 1, r -> {
                    rig.claimWindow(arn(name), 2, next, next.plus(Duration.ofDays(14)));
                    return null;
                });

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.path()).contains("Superseded");
        assertThat(windowItem(name).get("state").s()).isEqualTo("STARTING");
        assertThat(windowItem(name).get("cycle").n()).isEqualTo("2");
    }

    // ---- item 10: the console tells the truth ----

    @Test
    void aFailedStepShowsItsRealErrorInTheConsoleAndEveryOutputNamesTheFunction() throws Exception {
        String name = newFunction(1024);
        window(name, 1024, 300, 0, Set.of());
        rig.proxy.whenFirst(StateMachineRig::isUpdate, -1, r -> Response.json(403,
                "{\"Type\":\"User\",\"message\":\"not authorized to perform lambda:UpdateFunctionConfiguration\"}",
                Map.of("x-amzn-ErrorType", "AccessDeniedException")));

        Execution failed = run(name);

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.failure()).startsWith("software.amazon.awssdk.services.lambda.model.LambdaException")
                .contains("Apply", name, "not authorized");

        String kept = newFunction(340);
        window(kept, 340, 300, 0, Set.of());
        JsonNode output = Asl.JSON.readTree(run(kept).output());
        assertThat(output.get("functionName").asText()).isEqualTo(kept);
        assertThat(output.get("outcome").asText()).isEqualTo("KEPT");
    }

    // ---- after an increase whose watch still shows out-of-memory invocations: raise again now ----

    @Test
    void outOfMemoryAfterAnIncreaseRaisesAgainNowAndWatchesTheFurtherIncrease() {
        String name = newFunction(512);
        window(name, 512, 512, 20, Set.of());
        // 512 MB + 51% = 774 MB still runs out of memory; that increase was not enough, so the next is at least twice its step.
        watchDay(name, WATCH_DAY, 774, 774, 8, Set.of());
        watchDay(name, WATCH_DAY.plusDays(1), 1579, 900, 0, Set.of());
        // The further increase is made a day after the first one (the rig's calendar), so its watch is the next day.
        rig.proxy.whenFirst(r -> r.method().equals("POST") && r.path().contains("rightsizer-evaluate")
                && r.bodyText().replace(" ", "").contains("\"mode\":\"verify\""), 1, r -> {
                    rig.applyClock.advance(Duration.ofDays(1));
                    return null;
                });

        Execution ex = run(name);

        assertThat(ex.status()).as(ex.failure()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(rig.memoryOf(name)).isEqualTo(1579);
        assertThat(outcome(name)).isEqualTo("APPLIED");
        assertThat(finalAudit(name)).extracting(DecisionRecord::toMemoryMb).containsExactly(1579, 774);
    }
}
