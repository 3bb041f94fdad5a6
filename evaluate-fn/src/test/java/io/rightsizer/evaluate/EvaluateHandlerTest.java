package io.rightsizer.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.lambda.Backoff;
import io.rightsizer.aws.lambda.ControlPlaneRetry;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.domain.function.ExclusionRule;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.verify.VerifySettings;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.LambdaTestContext;
import io.rightsizer.testing.MotoFunctions;
import io.rightsizer.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** evaluate-fn reading day items from DynamoDB Local and the configuration from moto's Lambda API. */
class EvaluateHandlerTest {

    private static MotoServer moto;
    private static DynamoDbLocal dynamo;
    private static MotoFunctions functions;
    private static LambdaClient lambda;

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Instant WINDOW_END = TODAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant WINDOW_START = WINDOW_END.minus(Duration.ofDays(14));

    private String table;
    private DynamoDbUsageStore store;
    private DynamoDbDecisionLog log;

    @BeforeAll
    static void startStandIns() {
        moto = MotoServer.start();
        dynamo = DynamoDbLocal.start();
        functions = new MotoFunctions(moto.endpoint());
        lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopStandIns() {
        lambda.close();
        dynamo.close();
        moto.close();
    }

    @BeforeEach
    void freshTable() {
        table = dynamo.createTable();
        store = new DynamoDbUsageStore(dynamo.client(), table);
        log = new DynamoDbDecisionLog(dynamo.client(), table);
    }

    private EvaluateHandler handler(String denyList) {
        return handler(denyList, Clock.systemUTC());
    }

    /** The handler as Verify runs it: after the guard period of a change made today, the day after tomorrow. */
    private EvaluateHandler verifier() {
        return handler("", Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
    }

    private EvaluateHandler handler(String denyList, Clock clock) {
        EvaluateSettings settings = new EvaluateSettings(table, ExclusionRule.of(null, denyList),
                PolicySettings.DEFAULTS, VerifySettings.DEFAULTS);
        LambdaFunctions reader = new LambdaFunctions(lambda,
                new ControlPlaneRetry(new Backoff(Duration.ZERO, Duration.ZERO, 3), d -> { }));
        return new EvaluateHandler(new WindowEvaluation(reader::read, store, log, settings, clock));
    }

    private static String function(int memoryMb, Map<String, String> tags) {
        return functions.create("fn-" + UUID.randomUUID().toString().substring(0, 8), memoryMb, tags);
    }

    /** {@code n} days of traffic ending the day before {@code last}, each with the given peak and counts. */
    private void seed(String arn, LocalDate first, int n, int peakMb, int memoryMb, long invocations, long errors,
                      long timeouts, long oom, double avgDurationMs) {
        List<DailyUsage> days = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate day = first.plusDays(i);
            days.add(new DailyUsage(arn, day, peakMb, memoryMb, invocations, errors, timeouts, oom,
                    (long) (invocations * Math.ceil(avgDurationMs)), invocations * avgDurationMs, 3,
                    day.atTime(18, 0).toInstant(ZoneOffset.UTC)));
        }
        store.record(days);
    }

    private static EvaluateRequest evaluate(String arn) {
        return new EvaluateRequest("evaluate", arn, arn.substring(arn.lastIndexOf(':') + 1), MotoFunctions.ACCOUNT,
                MotoFunctions.REGION, WINDOW_START.toString(), WINDOW_END.toString(), "arn:exec", null, null, null,
                null);
    }

    /** A change made at {@code appliedAt} and watched with the default guard period (apply-fn's watchUntil). */
    private static EvaluateRequest verify(String arn, Instant appliedAt, int from, int to) {
        Instant watchUntil = appliedAt.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2)
                .atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(10));
        return new EvaluateRequest("verify", arn, null, null, null, WINDOW_START.toString(), WINDOW_END.toString(),
                "arn:exec", appliedAt.toString(), from, to, watchUntil.toString());
    }

    private static final Instant CHANGED_AT = TODAY.atTime(15, 0).toInstant(ZoneOffset.UTC);
    private static final LocalDate DAY_AFTER = TODAY.plusDays(1);

    @Test
    void fourteenDaysFarBelowTheConfiguredMemoryThenItRecommendsADecreaseWithFiguresAndCost() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("APPLY");
        assertThat(r.kind()).isEqualTo("DECREASE");
        assertThat(r.currentMemoryMb()).isEqualTo(1024);
        assertThat(r.recommendedMemoryMb()).isEqualTo(325);
        assertThat(r.reason()).contains("average daily max 300 MB + 25 MB = 325 MB");
        assertThat(r.architecture()).isEqualTo("arm64");
        assertThat(r.figures().days()).isEqualTo(14);
        assertThat(r.figures().invocations()).isEqualTo(14_000);
        assertThat(r.monthlyCostUsd().savings()).isPositive();
    }

    @Test
    void daysOutsideTheWindowDoNotCount() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);
        // Today is after the window's end: a spike today must not raise the recommendation.
        seed(arn, TODAY, 1, 1000, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.figures().peakMemoryUsedMb()).isEqualTo(300);
        assertThat(r.figures().days()).isEqualTo(14);
    }

    @Test
    void usageCloseToTheConfiguredMemoryThenItKeepsIt() {
        String arn = function(512, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 460, 512, 1000, 0, 0, 0, 50);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("KEEP");
        assertThat(r.recommendedMemoryMb()).isEqualTo(512);
    }

    @Test
    void twoDaysOfDataThenItIsInsufficient() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(2), 2, 300, 1024, 1000, 0, 0, 0, 50);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(r.reason()).contains("2 days with data");
    }

    @Test
    void aFunctionTaggedForExclusionIsExcludedWhateverItsUsage() {
        String arn = function(1024, Map.of("rightsizer:exclude", "True"));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 50);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("EXCLUDED");
        assertThat(r.reason()).contains("rightsizer:exclude=true");
        assertThat(r.recommendedMemoryMb()).isEqualTo(1024);
    }

    @Test
    void aFunctionOnTheDenyListIsExcluded() {
        String arn = function(1024, Map.of());
        String name = arn.substring(arn.lastIndexOf(':') + 1);

        EvaluateResult r = (EvaluateResult) handler("other-fn, " + name).handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("EXCLUDED");
        assertThat(r.reason()).contains("deny list");
    }

    @Test
    void verifyRollsBackWhenTheSmallerSizeRunsOutOfMemoryOnTheDayAfterTheChange() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);
        seed(arn, DAY_AFTER, 1, 400, 400, 200, 3, 0, 3, 120);

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("ROLLBACK");
        assertThat(v.reason()).contains("3 out-of-memory invocations at 400 MB");
        assertThat(v.watch().invocations()).isEqualTo(200);
        assertThat(v.window().invocations()).isEqualTo(14_000);
    }

    @Test
    void anIncreaseMadeBecauseOfOutOfMemoryIsNotRolledBackByTheErrorsOfTheDayOfTheChangeBeforeIt() {
        String arn = function(768, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 510, 512, 1000, 10, 0, 10, 120);
        // The day of the change: the morning at 512 MB ran out of memory often, which is why the size went up.
        seed(arn, TODAY, 1, 512, 512, 600, 90, 0, 90, 130);
        seed(arn, DAY_AFTER, 1, 530, 768, 1000, 2, 0, 0, 110);

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 512, 768));

        assertThat(v.verdict()).isEqualTo("KEEP");
        assertThat(v.watch().invocations()).isEqualTo(1000);
        assertThat(v.watch().outOfMemory()).isZero();
        assertThat(v.reason()).contains("no harm in 1000 invocations");
    }

    @Test
    void theDayOfTheChangeIsNotWatchedEvenWhenItsTrafficLooksHarmful() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);
        seed(arn, TODAY, 1, 400, 1024, 500, 5, 0, 5, 400);

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("KEEP");
        assertThat(v.watch().invocations()).isZero();
        assertThat(v.reason()).startsWith("no invocations in the watch period");
    }

    @Test
    void verifyWithoutTrafficAfterTheChangeKeepsItWithAClearReason() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("KEEP");
        assertThat(v.reason()).isEqualTo("no invocations in the watch period (the whole UTC days after the change):"
                + " nothing to compare; keeping 400 MB");
    }

    @Test
    void daysAfterTheEndOfTheGuardPeriodAreNotWatched() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);
        seed(arn, DAY_AFTER, 1, 310, 400, 900, 1, 0, 0, 125);
        seed(arn, DAY_AFTER.plusDays(1), 1, 400, 400, 900, 0, 0, 9, 125);

        VerifyResult v = (VerifyResult) handler("", Clock.offset(Clock.systemUTC(), Duration.ofDays(5)))
                .handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("KEEP");
        assertThat(v.watch().invocations()).isEqualTo(900);
    }

    @Test
    void verifyKeepsAChangeThatDidNoHarm() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);
        seed(arn, DAY_AFTER, 1, 310, 400, 900, 1, 0, 0, 125);

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("KEEP");
        assertThat(v.reason()).contains("no harm in 900 invocations");
    }

    @Test
    void verifyRollsBackWhenDurationGrowsBeyondTheThreshold() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 100);
        seed(arn, DAY_AFTER, 1, 310, 400, 900, 0, 0, 0, 180);

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("ROLLBACK");
        assertThat(v.reason()).contains("average duration grew from 100 ms to 180 ms");
    }

    @Test
    void aFunctionDeletedDuringItsWindowIsGoneNotAFailure() {
        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(MotoFunctions.arn("deleted-fn")));

        assertThat(r.action()).isEqualTo("GONE");
        assertThat(r.reason()).contains("no longer exists");
    }

    // ---- the window is exactly the window, at the current size ----

    /** One day that ran at the given sizes (size → peak), {@code versions} as the reports said. */
    private void day(String arn, LocalDate day, Map<Integer, Integer> bySize, long invocations, long oom,
                     Set<String> versions) {
        int last = new java.util.TreeMap<>(bySize).lastKey();
        int peak = bySize.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        store.record(List.of(new DailyUsage(arn, day, peak, last, invocations, oom, 0, oom, invocations * 120,
                invocations * 120.0, 3, day.atTime(18, 0).toInstant(ZoneOffset.UTC), new java.util.TreeMap<>(bySize),
                new java.util.TreeSet<>(versions))));
    }

    private static EvaluateRequest evaluate(String arn, Instant start, Instant end) {
        return new EvaluateRequest("evaluate", arn, null, MotoFunctions.ACCOUNT, MotoFunctions.REGION,
                start.toString(), end.toString(), "arn:exec", null, null, null, null);
    }

    @Test
    void theHoursOfTheStartDayBeforeTheWindowBeganAreNoEvidence() {
        String arn = function(1024, Map.of());
        // A rollback from 400 MB ended at 00:11; the new window starts then. Before 00:11 the day ran out of memory.
        Instant start = WINDOW_START.plus(Duration.ofMinutes(11));
        LocalDate first = TODAY.minusDays(14);
        day(arn, first, Map.of(400, 400, 1024, 850), 1000, 40, Set.of());
        seed(arn, first.plusDays(1), 13, 900, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn, start, WINDOW_END.plus(Duration.ofMinutes(11))));

        assertThat(r.action()).isEqualTo("KEEP");
        assertThat(r.figures().days()).isEqualTo(13);
        assertThat(r.figures().outOfMemory()).isZero();
    }

    @Test
    void aHumanChangeDuringTheWindowDecidesFromTheDaysAtTheCurrentSizeOnlyAndSaysSo() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 7, 512, 512, 1000, 20, 0, 20, 120);
        day(arn, TODAY.minusDays(7), Map.of(512, 512, 1024, 700), 1000, 6, Set.of());
        seed(arn, TODAY.minusDays(6), 6, 650, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.figures().days()).isEqualTo(6);
        assertThat(r.figures().outOfMemory()).isZero();
        assertThat(r.kind()).isNotEqualTo("INCREASE");
        assertThat(r.recommendedMemoryMb()).isLessThan(1024);
        assertThat(r.reason()).startsWith("the memory was changed outside Rightsizer during the window (7 days at"
                + " 512 MB, 1 day at more than one size").contains("deciding from the 6 days at 1024 MB only");
    }

    @Test
    void aHumanChangeNearTheEndOfTheWindowLeavesTooFewDaysAndStartsTheWindowOver() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 12, 512, 512, 1000, 20, 0, 20, 120);
        seed(arn, TODAY.minusDays(2), 2, 650, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(r.reason()).contains("changed outside Rightsizer", "2 days with data",
                "the window starts over with the next report");
    }

    @Test
    void aSizeRolledBackWithinTheRememberedPeriodIsNotProposedAgainAndTheReasonSaysSo() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);
        log.record(new io.rightsizer.domain.decision.DecisionRecord(arn, Instant.now().minus(Duration.ofDays(30)),
                io.rightsizer.domain.decision.DecisionStep.ROLLBACK,
                io.rightsizer.domain.decision.DecisionStatus.ROLLED_BACK, 400, 1024, "out of memory at 400 MB", null,
                "arn:exec:earlier", null, null, null, null, 0));

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.recommendedMemoryMb()).isGreaterThan(400);
        assertThat(r.reason()).contains("400 MB, which was rolled back");
    }

    @Test
    void aRollbackOlderThanTheRememberedPeriodIsForgotten() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);
        log.record(new io.rightsizer.domain.decision.DecisionRecord(arn, Instant.now().minus(Duration.ofDays(91)),
                io.rightsizer.domain.decision.DecisionStep.ROLLBACK,
                io.rightsizer.domain.decision.DecisionStatus.ROLLED_BACK, 400, 1024, "out of memory at 400 MB", null,
                "arn:exec:earlier", null, null, null, null, 0));

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.recommendedMemoryMb()).isEqualTo(325);
    }

    @Test
    void trafficOnPublishedVersionsIsRecommendedForTheDeploymentNotApplied() {
        String arn = function(1024, Map.of());
        for (int i = 14; i >= 1; i--) {
            day(arn, TODAY.minusDays(i), Map.of(1024, 300), 1000, 0, Set.of("7"));
        }

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("RECOMMEND");
        assertThat(r.recommendedMemoryMb()).isEqualTo(325);
        assertThat(r.reason()).contains("published version 7", "set 325 MB in your deployment");
    }

    @Test
    void watchedDaysThatRanAtTheOldSizeMeanTheChangeIsNotInEffect() {
        String arn = function(400, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 2, 0, 0, 120);
        day(arn, DAY_AFTER, Map.of(1024, 310), 900, 0, Set.of("7"));

        VerifyResult v = (VerifyResult) verifier().handle(verify(arn, CHANGED_AT, 1024, 400));

        assertThat(v.verdict()).isEqualTo("NOT_IN_EFFECT");
        assertThat(v.reason()).contains("ran at 1024 MB, not at 400 MB");
    }

    @Test
    void outOfMemoryAfterAnIncreaseRaisesAgainFromTheWatchedDaysTwiceAtMost() {
        String arn = function(768, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 512, 512, 1000, 10, 0, 10, 120);
        day(arn, DAY_AFTER, Map.of(768, 768), 300, 4, Set.of());
        EvaluateRequest request = new EvaluateRequest("verify", arn, null, null, null, WINDOW_START.toString(),
                WINDOW_END.toString(), "arn:exec:raise", CHANGED_AT.toString(), 512, 768,
                verify(arn, CHANGED_AT, 512, 768).watchUntil(), "arm64", 512);

        VerifyResult first = (VerifyResult) verifier().handle(request);

        assertThat(first.verdict()).isEqualTo("RAISE");
        assertThat(first.raise().action()).isEqualTo("APPLY");
        assertThat(first.raise().currentMemoryMb()).isEqualTo(768);
        assertThat(first.raise().recommendedMemoryMb())
                .as("the increase to 768 MB was not enough: the next step is larger than it").isEqualTo(1536);
        assertThat(first.raise().reason()).contains("after the increase from 512 MB", "under-provisioned");
        assertThat(first.window().days()).as("the window at the size it was evaluated at").isEqualTo(14);

        for (int to : new int[] {768, 1152, 1728}) {
            log.record(new io.rightsizer.domain.decision.DecisionRecord(arn, Instant.now().plusMillis(to),
                    io.rightsizer.domain.decision.DecisionStep.APPLY,
                    io.rightsizer.domain.decision.DecisionStatus.APPLIED, to * 2 / 3, to, "raise", "INCREASE",
                    "arn:exec:raise", null, null, null, null, 0));
        }
        VerifyResult bounded = (VerifyResult) verifier().handle(request);

        assertThat(bounded.verdict()).isEqualTo("KEEP");
        assertThat(bounded.reason()).contains("the next window raises the size again");
    }

    @Test
    void aFurtherIncreaseStopsAtTheFunctionsMaximumTag() {
        String arn = function(768, Map.of("rightsizer:max-mb", "1024"));
        seed(arn, TODAY.minusDays(14), 14, 512, 512, 1000, 10, 0, 10, 120);
        day(arn, DAY_AFTER, Map.of(768, 768), 300, 4, Set.of());
        EvaluateRequest request = new EvaluateRequest("verify", arn, null, null, null, WINDOW_START.toString(),
                WINDOW_END.toString(), "arn:exec:raise-capped", CHANGED_AT.toString(), 512, 768,
                verify(arn, CHANGED_AT, 512, 768).watchUntil(), "arm64", 512);

        VerifyResult v = (VerifyResult) verifier().handle(request);

        assertThat(v.verdict()).isEqualTo("RAISE");
        assertThat(v.raise().recommendedMemoryMb()).isEqualTo(1024);
    }

    @Test
    void theStreamHandlerAnswersTheTaskInputTheStateMachineSends() throws Exception {
        functions.create("checkout-api", 2048, Map.of());
        String arn = MotoFunctions.arn("checkout-api");
        seed(arn, TODAY.minusDays(14), 14, 600, 2048, 5000, 0, 0, 0, 80);
        String input;
        try (InputStream in = getClass().getResourceAsStream("/tasks/evaluate-input.json")) {
            input = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("WINDOW_START", WINDOW_START.toString()).replace("WINDOW_END", WINDOW_END.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler("").handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                new LambdaTestContext("rightsizer-evaluate"));

        JsonNode result = EvaluateHandler.JSON.readTree(out.toByteArray());
        assertThat(result.get("action").asText()).isEqualTo("APPLY");
        assertThat(result.get("recommendedMemoryMb").asInt()).isEqualTo(630);
        assertThat(result.has("revisionId")).isTrue();
        assertThat(out.size()).isLessThan(2048);
    }

    @Test
    void aMalformedTaskInputIsRefusedWithAClearMessage() {
        String input = "{\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:a\","
                + "\"windowStart\":\"2026-11-01\",\"windowEnd\":\"2026-11-15T00:00:00Z\"}";

        assertThatThrownBy(() -> handler("").handleRequest(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), new LambdaTestContext("rightsizer-evaluate")))
                .isInstanceOf(InvalidEvaluateRequestException.class)
                .hasMessageContaining("windowStart must be ISO-8601 UTC");
    }

    @Test
    void settingsComeFromTheEnvironmentAndBadValuesFailInit() {
        EvaluateSettings s = EvaluateSettings.fromEnvironment(Map.of("TABLE_NAME", "t", "DENY_LIST", "a, b",
                "MIN_DAYS", "5", "VERIFY_DURATION_PERCENT", "40"));
        assertThat(s.exclusion().denyList()).isEqualTo(Set.of("a", "b"));
        assertThat(s.exclusion().tagKey()).isEqualTo("rightsizer:exclude");
        assertThat(s.policy().minDays()).isEqualTo(5);
        assertThat(s.verify().durationIncreasePercent()).isEqualTo(40);
        assertThatThrownBy(() -> EvaluateSettings.fromEnvironment(Map.of())).hasMessageContaining("TABLE_NAME");
        assertThatThrownBy(() -> EvaluateSettings.fromEnvironment(Map.of("TABLE_NAME", "t", "MIN_DAYS", "x")))
                .hasMessageContaining("MIN_DAYS");
    }

    @Test
    void theLambdaConstructorFailsInitNamingTheMissingVariable() {
        // The test environment sets no TABLE_NAME, as a misconfigured deployment would.
        assertThatThrownBy(EvaluateHandler::new).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TABLE_NAME must be set");
    }

    @Test
    void aThrottledGetFunctionIsRetriedWithBackoff() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);
        List<Duration> pauses = new ArrayList<>();
        try (InterceptingProxy proxy =
                     InterceptingProxy.start(moto.endpoint());
             LambdaClient throttledLambda = LambdaClient.builder().endpointOverride(proxy.endpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            proxy.when(r -> r.method().equals("GET"), 2, r -> InterceptingProxy.Response.json(429, "{\"Type\":\"User\",\"message\":\"Rate exceeded\"}",
                            Map.of("x-amzn-ErrorType", "TooManyRequestsException", "Retry-After", "1")));
            LambdaFunctions reader = new LambdaFunctions(throttledLambda,
                    new ControlPlaneRetry(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 4), pauses::add));
            EvaluateSettings settings = new EvaluateSettings(table, ExclusionRule.of(null, null),
                    PolicySettings.DEFAULTS, VerifySettings.DEFAULTS);

            EvaluateResult r = (EvaluateResult) new EvaluateHandler(new WindowEvaluation(reader::read, store, log,
                    settings, Clock.systemUTC())).handle(evaluate(arn));

            assertThat(r.action()).isEqualTo("APPLY");
            assertThat(pauses).hasSize(2).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
            assertThat(proxy.seen()).hasSize(3);
        }
    }

    @Test
    void aFurtherIncreaseIsComparedWithTheWindowAtTheSizeItWasEvaluatedAt() {
        String arn = function(1152, Map.of());
        // The window ran at 512 MB with a steady 3% of errors; the raise from 768 MB to 1152 MB keeps that rate.
        seed(arn, TODAY.minusDays(14), 14, 500, 512, 1000, 30, 0, 0, 120);
        seed(arn, DAY_AFTER, 1, 700, 1152, 1000, 30, 0, 0, 120);
        EvaluateRequest afterRaise = new EvaluateRequest("verify", arn, null, null, null, WINDOW_START.toString(),
                WINDOW_END.toString(), "arn:exec:raised", CHANGED_AT.toString(), 768, 1152,
                verify(arn, CHANGED_AT, 768, 1152).watchUntil(), "x86_64", 512);

        VerifyResult v = (VerifyResult) verifier().handle(afterRaise);

        assertThat(v.window().days()).isEqualTo(14);
        assertThat(v.verdict()).isEqualTo("KEEP");
    }

    // Per-function overrides by tag, read from the function's tags at evaluation (moto holds the tags).

    @Test
    void aHeadroomTagReplacesTheSeedHeadroomAndTheReasonSaysWhereItCameFrom() {
        String arn = function(1024, Map.of("rightsizer:headroom-mb", "256"));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("APPLY");
        assertThat(r.recommendedMemoryMb()).isEqualTo(556);
        assertThat(r.reason()).contains("average daily max 300 MB + 256 MB = 556 MB")
                .contains("headroom 256 MB from tag rightsizer:headroom-mb");
    }

    @Test
    void aMinimumTagStopsADecreaseAtTheMinimum() {
        String arn = function(1024, Map.of("rightsizer:min-mb", "512"));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.kind()).isEqualTo("DECREASE");
        assertThat(r.recommendedMemoryMb()).isEqualTo(512);
        assertThat(r.reason()).contains("lower 1024 MB to 325 MB; but never below 512 MB, the minimum from tag"
                + " rightsizer:min-mb: lower 1024 MB to 512 MB only");
        assertThat(r.monthlyCostUsd().recommended()).isGreaterThan(0);
    }

    @Test
    void aMinimumTagAboveTheCurrentSizeRaisesAFunctionThePolicyWouldKeep() {
        String arn = function(512, Map.of("rightsizer:min-mb", "1024"));
        seed(arn, TODAY.minusDays(14), 14, 460, 512, 1000, 0, 0, 0, 50);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("APPLY");
        assertThat(r.kind()).isEqualTo("INCREASE");
        assertThat(r.recommendedMemoryMb()).isEqualTo(1024);
    }

    @Test
    void aMaximumTagCapsAnIncreaseForOutOfMemory() {
        String arn = function(256, Map.of("rightsizer:max-mb", "320"));
        seed(arn, TODAY.minusDays(14), 14, 256, 256, 1000, 5, 0, 5, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.kind()).isEqualTo("INCREASE");
        assertThat(r.recommendedMemoryMb()).isEqualTo(320);
        assertThat(r.reason()).contains("at most 320 MB from tag rightsizer:max-mb");
    }

    @Test
    void anInvalidTagValueKeepsTheSizeAndNamesTheTagAndItsValue() {
        String arn = function(1024, Map.of("rightsizer:max-mb", "lots"));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("KEEP");
        assertThat(r.recommendedMemoryMb()).isEqualTo(1024);
        assertThat(r.reason()).isEqualTo("tag rightsizer:max-mb=lots is not a whole number of MB: keeping 1024 MB and"
                + " changing nothing until the tag is fixed");
    }

    @Test
    void aTagOutsideLambdasLimitsOrAnUnknownModeIsNeverApplied() {
        for (Map<String, String> bad : List.of(Map.of("rightsizer:min-mb", "64"),
                Map.of("rightsizer:max-mb", "10241"), Map.of("rightsizer:mode", "sure"),
                Map.of("rightsizer:min-mb", "900", "rightsizer:max-mb", "800"))) {
            String arn = function(1024, bad);
            seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

            EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

            assertThat(r.action()).as("%s", bad).isEqualTo("KEEP");
            assertThat(r.reason()).as("%s", bad).contains("rightsizer:").contains("keeping 1024 MB");
        }
    }

    @Test
    void aModeTagOfRecommendRecordsTheChangeInsteadOfApplyingIt() {
        String arn = function(1024, Map.of("rightsizer:mode", "recommend"));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) handler("").handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("RECOMMEND");
        assertThat(r.kind()).isEqualTo("DECREASE");
        assertThat(r.recommendedMemoryMb()).isEqualTo(325);
        assertThat(r.mode()).isEqualTo("recommend");
        assertThat(r.reason()).contains("recommend mode (from tag rightsizer:mode): recorded, not applied");
    }

    // The mode by the way a function was opted in: the extension layer, or the account-level subscription.

    private EvaluateHandler deployedDefaults() {
        EvaluateSettings settings = EvaluateSettings.fromEnvironment(Map.of("TABLE_NAME", table,
                "EXTENSION_LAYERS", "Rightsizer-extension-x86_64,Rightsizer-extension-arm64"));
        LambdaFunctions reader = new LambdaFunctions(lambda,
                new ControlPlaneRetry(new Backoff(Duration.ZERO, Duration.ZERO, 3), d -> { }));
        return new EvaluateHandler(new WindowEvaluation(reader::read, store, log, settings, Clock.systemUTC()));
    }

    @Test
    void aFunctionRunningTheExtensionLayerIsInApplyModeByDefault() {
        String layer = functions.publishLayer("Rightsizer-extension-arm64");
        String arn = functions.create("fn-" + UUID.randomUUID().toString().substring(0, 8), 1024, Map.of(),
                List.of(layer));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) deployedDefaults().handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("APPLY");
        assertThat(r.mode()).isEqualTo("apply");
    }

    @Test
    void aFunctionOnlyTheAccountSubscriptionReachesIsInRecommendModeByDefault() {
        String arn = function(1024, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) deployedDefaults().handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("RECOMMEND");
        assertThat(r.mode()).isEqualTo("recommend");
        assertThat(r.reason()).contains("recommend mode (the mode of functions reached through the account-level log"
                + " subscription (context key accountSubscriptionMode)): recorded, not applied; tag the function"
                + " rightsizer:mode=apply to let Rightsizer change it");
    }

    @Test
    void aModeTagOfApplyOptsASubscribedFunctionIn() {
        String arn = function(1024, Map.of("rightsizer:mode", "apply"));
        seed(arn, TODAY.minusDays(14), 14, 300, 1024, 1000, 0, 0, 0, 120);

        EvaluateResult r = (EvaluateResult) deployedDefaults().handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("APPLY");
    }

    @Test
    void aKeepInRecommendModeStaysAKeep() {
        String arn = function(512, Map.of());
        seed(arn, TODAY.minusDays(14), 14, 460, 512, 1000, 0, 0, 0, 50);

        EvaluateResult r = (EvaluateResult) deployedDefaults().handle(evaluate(arn));

        assertThat(r.action()).isEqualTo("KEEP");
    }
}
