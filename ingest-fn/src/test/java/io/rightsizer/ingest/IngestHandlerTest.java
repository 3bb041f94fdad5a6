package io.rightsizer.ingest;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.aws.dynamodb.TableSchema;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowState;
import io.rightsizer.logs.envelope.StreamInput;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.LambdaTestContext;
import io.rightsizer.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingest function end to end on real-shaped Kinesis events: DynamoDB Local in-process, Step Functions served by
 * moto behind a fault-injecting proxy.
 */
class IngestHandlerTest {

    private static final String ACCOUNT = "123456789012";
    /** The account and Region of {@link LambdaTestContext}'s invoked function ARN. */
    private static final HomeScope HOME = new HomeScope(ACCOUNT, "us-east-1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate DAY = LocalDate.parse("2026-11-02");

    private static DynamoDbLocal dynamo;
    private static MotoServer moto;
    private static InterceptingProxy proxy;
    private static final AtomicInteger FAULTS = new AtomicInteger();
    private static SfnClient motoSfn;
    private static SfnClient proxiedSfn;

    private String table;
    private String stateMachineArn;
    private DynamoDbUsageStore days;

    @BeforeAll
    static void startStandIns() {
        dynamo = DynamoDbLocal.start();
        moto = MotoServer.start();
        proxy = InterceptingProxy.start(moto.endpoint());
        motoSfn = sfn(moto.endpoint(), false);
        proxiedSfn = sfn(proxy.endpoint(), true);
    }

    @AfterAll
    static void stopStandIns() {
        proxiedSfn.close();
        motoSfn.close();
        proxy.close();
        moto.close();
        dynamo.close();
    }

    @BeforeEach
    void freshTableAndStateMachine() {
        healProxy();
        table = dynamo.createTable();
        stateMachineArn = motoSfn.createStateMachine(b -> b.name("Rightsizer-" + UUID.randomUUID())
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/rightsizer-states")
                .definition("{\"StartAt\":\"WaitForWindowEnd\",\"States\":{\"WaitForWindowEnd\":{\"Type\":\"Wait\","
                        + "\"TimestampPath\":\"$.windowEnd\",\"End\":true}}}")).stateMachineArn();
        days = new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);
    }

    /**
     * The next {@code times} StartExecution requests whose body holds every marker are answered with the error
     * Step Functions sends (400 ThrottlingException, 500 InternalFailure): what moto itself never produces.
     */
    private static void failStarts(int times, int status, String type, String... markers) {
        fail(proxy, "AWSStepFunctions.StartExecution", times, status, type, markers);
    }

    /** The next {@code times} requests of the action ({@code X-Amz-Target}) holding every marker get the error. */
    private static void fail(InterceptingProxy on, String action, int times, int status, String type,
                             String... markers) {
        on.when(r -> action.equals(r.header("X-Amz-Target"))
                        && java.util.Arrays.stream(markers).allMatch(r.bodyText()::contains), times,
                r -> {
                    FAULTS.incrementAndGet();
                    return new InterceptingProxy.Response(status, Map.of("Content-Type", "application/x-amz-json-1.0",
                            "x-amzn-ErrorType", type), ("{\"__type\":\"" + type + "\",\"message\":\"injected "
                            + type + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                });
    }

    private static void healProxy() {
        proxy.clear();
        FAULTS.set(0);
    }

    private static SfnClient sfn(URI endpoint, boolean quickRetries) {
        var builder = SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create());
        if (quickRetries) {
            builder.overrideConfiguration(IngestClients.stepFunctionsRetries(Duration.ofMillis(5), Duration.ofMillis(40)));
        }
        return builder.build();
    }

    private IngestHandler handler() {
        IngestConfig config = new IngestConfig(table, stateMachineArn, 14, 60, 2);
        return new IngestHandler(config, dynamo.client(), proxiedSfn, CLOCK);
    }

    private static KinesisEvent event(String fixture) {
        return EventLoader.loadKinesisEvent("events/" + fixture);
    }

    private static String arn(String name) {
        return FunctionRef.of(name, ACCOUNT, "us-east-1").functionArn();
    }

    private DailyUsage day(String functionArn) {
        List<DailyUsage> stored = days.readDays(functionArn, DAY, DAY);
        assertThat(stored).as("day item of " + functionArn).hasSize(1);
        return stored.get(0);
    }

    private List<String> executionNames() {
        return motoSfn.listExecutions(b -> b.stateMachineArn(stateMachineArn)).executions().stream()
                .map(ExecutionListItem::name).sorted().toList();
    }

    private static List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    /** What Lambda delivers again after a partial failure: the failed record and every later one. */
    private static KinesisEvent from(KinesisEvent event, String sequenceNumber) {
        BigInteger first = new BigInteger(sequenceNumber);
        KinesisEvent retry = new KinesisEvent();
        retry.setRecords(event.getRecords().stream()
                .filter(r -> new BigInteger(r.getKinesis().getSequenceNumber()).compareTo(first) >= 0).toList());
        return retry;
    }

    @Test
    void extensionAndCloudWatchRecordsWhenIngestedThenEachFunctionDayIsWrittenAndOneWindowStartsPerFunction() {
        StreamsEventResponse response = handler().handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(response)).isEmpty();
        assertThat(day(arn("checkout-api"))).satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(230);
            assertThat(d.memorySizeMb()).isEqualTo(1024);
            assertThat(d.invocations()).as("left to Lambda's own metrics, read at evaluation").isZero();
        });
        assertThat(day(arn("image-resizer"))).satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(2048);
            assertThat(d.outOfMemory()).isEqualTo(1);
        });
        assertThat(day(arn("orders-worker"))).as("from the CloudWatch Logs payload").satisfies(d -> {
            assertThat(d.maxUsedBySize()).containsExactly(org.assertj.core.api.Assertions.entry(512, 240));
            assertThat(d.versions()).containsExactly("$LATEST");
            assertThat(d.lastSeen()).isEqualTo(Instant.parse("2026-11-02T08:11:00.100Z"));
        });
        assertThat(executionNames()).containsExactly("checkout-api-20261102T0815-09325d", "image-resizer-20261102T0816-345a46",
                "orders-worker-20261102T0810-03d65d");
        String input = motoSfn.describeExecution(b -> b.executionArn(
                new DynamoDbWindowStore(dynamo.client(), table).read(arn("orders-worker")).orElseThrow()
                        .executionArn())).input();
        // Fourteen whole UTC days, ending at the function's place in the spread of window ends; the first cycle.
        Instant end = io.rightsizer.domain.window.WindowSettings.ofDays(14).windowEnd(
                FunctionRef.fromArn(arn("orders-worker")), Instant.parse("2026-11-02T08:10:00Z"));
        assertThat(input).isEqualTo("{\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders-worker\","
                + "\"functionName\":\"orders-worker\",\"accountId\":\"123456789012\",\"region\":\"us-east-1\","
                + "\"windowStart\":\"2026-11-02T08:10:00Z\",\"windowEnd\":\"" + end + "\",\"cycle\":1}");
    }

    @Test
    void poisonRecordsInTheMiddleWhenIngestedThenTheyAreSkippedAndEverythingElseIsWritten() {
        IngestProcessor processor = IngestHandler.processor(new IngestConfig(table, stateMachineArn, 14, 60, 2),
                dynamo.client(), proxiedSfn, CLOCK);

        IngestResult result = processor.process(IngestHandler.inputs(event("poison-in-the-middle.json")), HOME);

        assertThat(result.malformed()).isEqualTo(3);
        assertThat(result.failedSequenceNumber()).isNull();
        assertThat(result.reports()).isEqualTo(3);
        assertThat(day(arn("checkout-api")).maxMemoryUsedMb()).isEqualTo(260);
        assertThat(failures(handler().handleRequest(event("poison-in-the-middle.json"), new LambdaTestContext("rightsizer-ingest"))))
                .as("malformed records never become failures").isEmpty();
    }

    @Test
    void aRedeliveredBatchWhenIngestedAgainThenMaximaAreExactOutOfMemoryCountsItTwiceAndNoSecondWindowStarts() {
        handler().handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest"));

        handler().handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest"));

        assertThat(day(arn("checkout-api")).maxMemoryUsedMb()).isEqualTo(230);
        assertThat(day(arn("image-resizer"))).satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(2048);
            assertThat(d.outOfMemory()).as("at-least-once delivery over-counts across batches").isEqualTo(2);
        });
        assertThat(executionNames()).hasSize(3);
        assertThat(new DynamoDbWindowStore(dynamo.client(), table).read(arn("checkout-api")).orElseThrow().cycle())
                .isEqualTo(1);
    }

    @Test
    void aThrottledStartExecutionWhenItClearsWithinTheRetriesThenTheBatchSucceeds() {
        failStarts(3, 400, "ThrottlingException");

        StreamsEventResponse response = handler().handleRequest(event("same-name-two-regions.json"),
                new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(response)).isEmpty();
        assertThat(FAULTS.get()).isEqualTo(3);
        assertThat(executionNames()).containsExactly("orders-20261102T0815-66d2e7");
    }

    @Test
    void aStartExecutionStillThrottledAfterRetriesThenTheBatchResumesAtThatFunctionsFirstRecordAndEveryMaximumIsExact() {
        KinesisEvent batch = event("interleaved-three-functions.json");
        failStarts(1_000, 400, "ThrottlingException", "\"name\":\"beta-");

        StreamsEventResponse first = handler().handleRequest(batch, new LambdaTestContext("rightsizer-ingest"));

        String betaFirstRecord = batch.getRecords().get(1).getKinesis().getSequenceNumber();
        assertThat(failures(first)).containsExactly(betaFirstRecord);
        assertThat(FAULTS.get()).isEqualTo(IngestClients.START_ATTEMPTS);
        assertThat(days.readDays(arn("beta"), DAY, DAY)).as("nothing written for the failed function").isEmpty();
        assertThat(days.readDays(arn("gamma"), DAY, DAY)).as("nothing after it either").isEmpty();
        assertThat(day(arn("alpha")).maxMemoryUsedMb()).isEqualTo(120);
        assertThat(new DynamoDbWindowStore(dynamo.client(), table).read(arn("beta")).orElseThrow().state())
                .isEqualTo(WindowState.STARTING);

        healProxy();
        StreamsEventResponse retry = handler().handleRequest(from(batch, betaFirstRecord), new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(retry)).isEmpty();
        assertThat(day(arn("beta")).maxMemoryUsedMb()).isEqualTo(140);
        assertThat(day(arn("gamma")).maxMemoryUsedMb()).isEqualTo(130);
        assertThat(day(arn("alpha")).maxMemoryUsedMb()).as("the maximum stays exact").isEqualTo(120);
        assertThat(executionNames()).containsExactly("alpha-20261102T0800-5a2bc9", "beta-20261102T0800-7e27d9",
                "gamma-20261102T0800-ec5814");
    }

    @Test
    void stepFunctionsServerErrorsThenTheyAreTransientFailuresToo() {
        failStarts(1_000, 500, "InternalFailure");

        StreamsEventResponse response = handler().handleRequest(event("same-name-two-regions.json"),
                new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(response)).containsExactly(
                event("same-name-two-regions.json").getRecords().get(0).getKinesis().getSequenceNumber());
    }

    @Test
    void aCrashBetweenClaimAndStartWhenTheNextBatchArrivesThenTheClaimedExecutionIsStartedWithTheSameNameAndInput() {
        // The crash: a claim was written STARTING, and the instance died before StartExecution.
        DynamoDbWindowStore windows = new DynamoDbWindowStore(dynamo.client(), table);
        FunctionRef checkout = FunctionRef.of("checkout-api", ACCOUNT, "us-east-1");
        Instant claimedStart = Instant.parse("2026-11-02T07:58:00Z");
        windows.claim(WindowClaim.starting(checkout, 1, claimedStart, claimedStart.plus(Duration.ofDays(14))), null,
                claimedStart);

        handler().handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest"));

        WindowClaim healed = windows.read(checkout.functionArn()).orElseThrow();
        assertThat(healed.state()).isEqualTo(WindowState.STARTED);
        assertThat(healed.cycle()).isEqualTo(1);
        assertThat(healed.executionArn()).endsWith(":checkout-api-20261102T0758-09325d");
        assertThat(executionNames()).contains("checkout-api-20261102T0758-09325d").doesNotContain("checkout-api-20261102T0815-09325d");
    }

    @Test
    void homeAndForeignFunctionsInOneBatchThenOnlyTheDeploymentsOwnAccountAndRegionAreWrittenAndGetWindows() {
        List<String> metricNames = new ArrayList<>();
        List<Double> metricValues = new ArrayList<>();
        IngestHandler handler = new IngestHandler(IngestHandler.processor(new IngestConfig(table, stateMachineArn, 14,
                60, 2), dynamo.client(), proxiedSfn, CLOCK), recordingMetrics(metricNames, metricValues), null);

        StreamsEventResponse response = handler.handleRequest(event("same-name-same-minute.json"), new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(response)).isEmpty();
        assertThat(day(arn("orders")).maxMemoryUsedMb()).isEqualTo(150);
        assertThat(day(arn("checkout-api")).maxMemoryUsedMb()).isEqualTo(230);
        assertThat(dynamo.client().scan(b -> b.tableName(table)).items())
                .as("no day and no WINDOW item for the eu-west-1 function or the other account's")
                .extracting(item -> item.get(TableSchema.PK).s())
                .allSatisfy(pk -> assertThat(pk).contains(":us-east-1:" + ACCOUNT + ":"));
        assertThat(executionNames()).containsExactly("checkout-api-20261102T0815-09325d",
                "orders-20261102T0815-66d2e7");
        assertThat(metricValues.get(metricNames.indexOf("ForeignReports"))).as("1 eu-west-1 + 2 other-account reports")
                .isEqualTo(3.0);
        assertThat(metricValues.get(metricNames.indexOf("FunctionsSeen"))).isEqualTo(2.0);
    }

    @Test
    void foreignReportsAreCountedAsSkippedKindForeignFunctionInEveryBatch() {
        IngestProcessor processor = IngestHandler.processor(new IngestConfig(table, stateMachineArn, 14, 60, 2),
                dynamo.client(), proxiedSfn, CLOCK);
        List<StreamInput> batch = IngestHandler.inputs(event("same-name-same-minute.json"));

        IngestResult first = processor.process(batch, HOME);
        IngestResult again = processor.process(batch, HOME);
        IngestResult fromEurope = processor.process(batch, new HomeScope(ACCOUNT, "eu-west-1"));

        assertThat(first.skipped()).containsEntry(IngestProcessor.FOREIGN_FUNCTION, 3L);
        assertThat(first.foreignReports()).isEqualTo(3);
        assertThat(first.functions()).isEqualTo(2);
        assertThat(again.foreignReports()).as("counted again though logged only once").isEqualTo(3);
        assertThat(fromEurope.foreignReports()).as("seen from eu-west-1, the three us-east-1 ones are foreign")
                .isEqualTo(4);
        assertThat(fromEurope.functions()).isEqualTo(1);
    }

    @Test
    void metricsThatCannotBeFlushedNeverFailABatchThatIsAlreadyWritten() {
        // Powertools throws on flush when no namespace is configured (seen outside the deployed environment): the
        // batch is stored by then, and failing it would make Lambda deliver it again and count it twice.
        software.amazon.lambda.powertools.metrics.Metrics failing =
                (software.amazon.lambda.powertools.metrics.Metrics) java.lang.reflect.Proxy.newProxyInstance(
                        IngestHandlerTest.class.getClassLoader(),
                        new Class<?>[] {software.amazon.lambda.powertools.metrics.Metrics.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("flush")) {
                                throw new IllegalStateException("Namespace must be specified before flushing metrics");
                            }
                            return null;
                        });
        IngestHandler handler = new IngestHandler(IngestHandler.processor(new IngestConfig(table, stateMachineArn, 14,
                60, 2), dynamo.client(), proxiedSfn, CLOCK), failing, null);

        StreamsEventResponse response = handler.handleRequest(event("same-name-same-minute.json"),
                new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(response)).isEmpty();
        assertThat(day(arn("checkout-api")).maxMemoryUsedMb()).isEqualTo(230);
    }

    private static software.amazon.lambda.powertools.metrics.Metrics recordingMetrics(List<String> names,
                                                                                    List<Double> values) {
        return (software.amazon.lambda.powertools.metrics.Metrics) java.lang.reflect.Proxy.newProxyInstance(
                IngestHandlerTest.class.getClassLoader(),
                new Class<?>[] {software.amazon.lambda.powertools.metrics.Metrics.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addMetric")) {
                        names.add((String) args[0]);
                        values.add((Double) args[1]);
                    }
                    return null;
                });
    }

    @Test
    void theSameFunctionNameInTwoRegionsAndTwoAccountsFirstSeenInTheSameMinuteGetsOneExecutionEach() {
        // One state machine seeing all three, as it did before ingest kept to its own account and Region: the names
        // must differ even then.
        IngestConfig config = new IngestConfig(table, stateMachineArn, 14, 60, 2);
        for (HomeScope home : List.of(HOME, new HomeScope(ACCOUNT, "eu-west-1"),
                new HomeScope("210987654321", "us-east-1"))) {
            new IngestHandler(config, dynamo.client(), proxiedSfn, CLOCK, home)
                    .handleRequest(event("same-name-same-minute.json"), new LambdaTestContext("rightsizer-ingest"));
        }

        DynamoDbWindowStore windows = new DynamoDbWindowStore(dynamo.client(), table);
        assertThat(executionNames()).containsExactly("checkout-api-20261102T0815-09325d",
                "orders-20261102T0815-35a979", "orders-20261102T0815-66d2e7", "orders-20261102T0815-8a860b");
        for (FunctionRef orders : List.of(FunctionRef.of("orders", ACCOUNT, "us-east-1"),
                FunctionRef.of("orders", ACCOUNT, "eu-west-1"), FunctionRef.of("orders", "210987654321", "us-east-1"))) {
            WindowClaim claim = windows.read(orders.functionArn()).orElseThrow();
            assertThat(claim.state()).isEqualTo(WindowState.STARTED);
            assertThat(claim.startError()).isNull();
            assertThat(motoSfn.describeExecution(b -> b.executionArn(claim.executionArn())).input())
                    .as("the WINDOW item of %s points at its own execution", orders.functionArn())
                    .contains("\"functionArn\":\"" + orders.functionArn() + "\"");
        }
    }

    @Test
    void theWindowsNameTakenByAnotherFunctionsExecutionThenTheWindowRecordsAStartErrorInsteadOfThatExecution() {
        FunctionRef checkout = FunctionRef.of("checkout-api", ACCOUNT, "us-east-1");
        Instant start = Instant.parse("2026-11-02T08:15:00Z");
        String name = new io.rightsizer.domain.window.WindowExecution(checkout, 1, start,
                start.plus(Duration.ofDays(14)))
                .name();
        String squatter = motoSfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name)
                .input(new io.rightsizer.domain.window.WindowExecution(FunctionRef.of("checkout-api", "210987654321",
                        "us-east-1"), 1, start, start.plus(Duration.ofDays(14))).inputJson())).executionArn();

        StreamsEventResponse response = handler().handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest"));

        assertThat(failures(response)).isEmpty();
        WindowClaim claim = new DynamoDbWindowStore(dynamo.client(), table).read(checkout.functionArn()).orElseThrow();
        assertThat(claim.executionArn()).as("never another function's execution").isNotEqualTo(squatter).isNull();
        assertThat(claim.startError()).contains("ExecutionAlreadyExists").contains("210987654321");
        assertThat(day(checkout.functionArn()).maxMemoryUsedMb()).as("its usage is still written").isEqualTo(230);
    }

    @Test
    void theWindowsOwnExecutionAlreadyExistsThenTheWindowIsMarkedStartedWithIt() {
        FunctionRef checkout = FunctionRef.of("checkout-api", ACCOUNT, "us-east-1");
        Instant start = Instant.parse("2026-11-02T08:15:00Z");
        var own = new io.rightsizer.domain.window.WindowExecution(checkout, 1, start, start.plus(Duration.ofDays(14)));
        String existing = motoSfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(own.name())
                .input(own.inputJson())).executionArn();
        motoSfn.stopExecution(b -> b.executionArn(existing));

        handler().handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest"));

        WindowClaim claim = new DynamoDbWindowStore(dynamo.client(), table).read(checkout.functionArn()).orElseThrow();
        assertThat(claim.state()).isEqualTo(WindowState.STARTED);
        assertThat(claim.executionArn()).isEqualTo(existing);
        assertThat(claim.startError()).isNull();
    }

    @Test
    void concurrentBatchesOfTheSameFunctionsAgreeOnOneWindowAndTheHighestMaximum() throws Exception {
        List<Callable<StreamsEventResponse>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            IngestHandler instance = handler();
            tasks.add(() -> instance.handleRequest(event("mixed-batch.json"), new LambdaTestContext("rightsizer-ingest")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<StreamsEventResponse> f : pool.invokeAll(tasks)) {
                assertThat(failures(f.get())).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(day(arn("image-resizer"))).satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(2048);
            assertThat(d.outOfMemory()).as("each of the four batches saw one").isEqualTo(4);
        });
        assertThat(executionNames()).hasSize(3);
    }

    @Test
    void aMissingStateMachineIsAConfigurationFaultThatFailsTheInvocationInsteadOfDroppingData() {
        IngestConfig config = new IngestConfig(table, "arn:aws:states:us-east-1:" + ACCOUNT
                + ":stateMachine:does-not-exist", 14, 60, 2);
        IngestHandler handler = new IngestHandler(config, dynamo.client(), proxiedSfn, CLOCK);

        assertThatThrownBy(() -> handler.handleRequest(event("same-name-two-regions.json"), new LambdaTestContext("rightsizer-ingest")))
                .hasMessageContaining("does-not-exist");
        assertThat(dynamo.client().scan(b -> b.tableName(table)).items())
                .allSatisfy(item -> assertThat(item.get(TableSchema.SK).s()).isEqualTo(TableSchema.WINDOW_SK));
    }

    @Test
    void dynamoDbThrottlingThatOutlastsRetriesThenThePartialFailureIsAtTheFunctionsFirstRecordAndTheRetryIsExact() {
        try (InterceptingProxy dynamoProxy = InterceptingProxy.start(dynamo.endpoint());
             DynamoDbClient throttled = DynamoDbClient.builder()
                     .endpointOverride(dynamoProxy.endpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(2)))
                     .build()) {
            KinesisEvent batch = event("interleaved-three-functions.json");
            IngestHandler handler = new IngestHandler(new IngestConfig(table, stateMachineArn, 14, 60, 2), throttled,
                    proxiedSfn, CLOCK);
            fail(dynamoProxy, "DynamoDB_20120810.UpdateItem", 1_000, 400, "ThrottlingException",
                    "function:beta\"", "\"DAY#");

            StreamsEventResponse first = handler.handleRequest(batch, new LambdaTestContext("rightsizer-ingest"));

            String betaFirstRecord = batch.getRecords().get(1).getKinesis().getSequenceNumber();
            assertThat(FAULTS.get()).as("the day write was tried and throttled").isPositive();
            assertThat(failures(first)).containsExactly(betaFirstRecord);
            assertThat(days.readDays(arn("gamma"), DAY, DAY)).isEmpty();

            dynamoProxy.clear();
            assertThat(failures(handler.handleRequest(from(batch, betaFirstRecord), new LambdaTestContext("rightsizer-ingest")))).isEmpty();

            assertThat(day(arn("beta")).maxMemoryUsedMb()).isEqualTo(140);
            assertThat(day(arn("gamma")).maxMemoryUsedMb()).isEqualTo(130);
            assertThat(executionNames()).as("beta's window was started once, before its days")
                    .containsExactly("alpha-20261102T0800-5a2bc9", "beta-20261102T0800-7e27d9", "gamma-20261102T0800-ec5814");
        }
    }
}
