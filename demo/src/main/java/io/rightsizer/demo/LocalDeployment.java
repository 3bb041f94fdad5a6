package io.rightsizer.demo;

import io.rightsizer.apply.ApplyHandler;
import io.rightsizer.apply.ApplySettings;
import io.rightsizer.apply.GuardedMemoryChange;
import io.rightsizer.aws.cloudwatch.CloudWatchFunctionMetrics;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.lambda.Backoff;
import io.rightsizer.aws.lambda.ControlPlaneRetry;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.domain.function.ExclusionRule;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.usage.UsageWithMetrics;
import io.rightsizer.domain.verify.VerifySettings;
import io.rightsizer.domain.window.WindowSettings;
import io.rightsizer.evaluate.EvaluateHandler;
import io.rightsizer.evaluate.EvaluateSettings;
import io.rightsizer.evaluate.WindowEvaluation;
import io.rightsizer.ingest.HomeScope;
import io.rightsizer.ingest.IngestConfig;
import io.rightsizer.ingest.IngestHandler;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.InterceptingProxy.Response;
import io.rightsizer.testing.KinesisEventSourcePoller;
import io.rightsizer.testing.LambdaInvocations;
import io.rightsizer.testing.LambdaRevisionIds;
import io.rightsizer.testing.LambdaTestContext;
import io.rightsizer.testing.MotoFunctions;
import io.rightsizer.testing.RpcV2CborBridge;
import io.rightsizer.testing.StateMachineMoto;
import io.rightsizer.testing.VirtualClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Rightsizer deployed on one machine: what {@code cdk deploy} creates, on local stand-ins. moto serves Kinesis, Lambda
 * (the functions' configuration), CloudWatch metrics and Step Functions, whose interpreter runs the project's ASL file
 * with its waits on the run's {@link VirtualClock}; DynamoDB Local holds the table; the real ingest handler is invoked
 * by an event source mapping poller, the real evaluate and apply handlers answer the state machine's Lambda tasks
 * (through a proxy that stands where the Lambda service would), and every handler reads the same virtual clock. Nothing
 * in the handlers knows it runs here.
 */
public final class LocalDeployment implements AutoCloseable {

    static final String REGION = MotoFunctions.REGION;
    static final String ACCOUNT = MotoFunctions.ACCOUNT;
    static final String STREAM = "rightsizer-telemetry";
    static final String EVALUATE_ARN = MotoFunctions.arn("rightsizer-evaluate");
    static final String APPLY_ARN = MotoFunctions.arn("rightsizer-apply");
    /** The deployed defaults of the event source mapping (CDK app): 100 records or 1 s, 3 retries. */
    static final KinesisEventSourcePoller.Settings MAPPING = new KinesisEventSourcePoller.Settings(100,
            Duration.ofSeconds(1), 3, Duration.ofMillis(100));
    /** Attempts ingest's DynamoDB client makes per call (the SDK's standard retry mode, bounded). */
    static final int INGEST_DYNAMODB_ATTEMPTS = 3;
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final VirtualClock clock;
    private final DynamoDbLocal dynamo;
    private final InterceptingProxy proxy;
    private final StateMachineMoto moto;
    private final RpcV2CborBridge cloudWatchBridge;
    private final String table;
    private final String stateMachineArn;
    private final SfnClient sfn;
    private final LambdaClient lambda;
    private final KinesisClient kinesis;
    private final CloudWatchClient cloudWatch;
    private final DynamoDbClient handlerDynamo;
    /** Ingest's DynamoDB client: through the proxy, where a run can add the throttles DynamoDB Local never makes. */
    private final DynamoDbClient ingestDynamo;
    private final MotoFunctions functions;
    private final IngestHandler ingest;
    private final EvaluateHandler evaluate;
    private final ApplyHandler apply;
    private KinesisEventSourcePoller poller;

    private LocalDeployment(VirtualClock clock, DynamoDbLocal dynamo, InterceptingProxy proxy, StateMachineMoto moto,
                            String asl) {
        this.clock = clock;
        this.dynamo = dynamo;
        this.proxy = proxy;
        this.moto = moto;
        this.cloudWatchBridge = RpcV2CborBridge.start(moto.endpoint());
        this.sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        this.lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        this.kinesis = KinesisClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        this.cloudWatch = CloudWatchClient.builder().endpointOverride(cloudWatchBridge.endpoint())
                .region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        // One shared DynamoDB Local database: the handlers, the interpreter's RecordOutcome task (through the proxy)
        // and the CLI (whatever credentials it finds) all see the same table.
        this.handlerDynamo = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        this.ingestDynamo = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(StandardRetryStrategy.builder()
                        .maxAttempts(INGEST_DYNAMODB_ATTEMPTS).build()))
                .build();
        this.functions = new MotoFunctions(moto.endpoint());
        this.table = dynamo.createTable();
        this.stateMachineArn = sfn.createStateMachine(b -> b.name("Rightsizer")
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/rightsizer-states")
                .definition(substituted(asl, table))).stateMachineArn();
        createStream();
        // The deployed function's metrics settings (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME), given
        // here rather than read from an environment this process does not have: without a namespace every flush fails.
        Metrics metrics = MetricsBuilder.builder().withNamespace("Rightsizer").withService("rightsizer").build();
        this.ingest = new IngestHandler(IngestHandler.processor(new IngestConfig(table, stateMachineArn, 14, 60,
                (int) WindowSettings.DEFAULT_CLOSE_GRACE.toDays()), ingestDynamo, sfn, clock), metrics,
                new HomeScope(ACCOUNT, REGION));
        this.evaluate = evaluateHandler();
        this.apply = applyHandler();
        route();
    }

    /**
     * Starts every stand-in and deploys Rightsizer to them, its clock reading {@code virtualStart} now.
     *
     * @throws IllegalStateException naming what could not start (moto_server missing, for example)
     */
    public static LocalDeployment start(Instant virtualStart) {
        // Neither local Kinesis stand-in speaks CBOR, the SDK's default for Kinesis.
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
        VirtualClock clock = VirtualClock.startingAt(virtualStart);
        DynamoDbLocal dynamo = DynamoDbLocal.startShared();
        int motoPort = StateMachineMoto.freePort();
        InterceptingProxy proxy = InterceptingProxy.start(URI.create("http://127.0.0.1:" + motoPort));
        StateMachineMoto moto;
        try {
            moto = StateMachineMoto.start(motoPort, proxy.port(), clock);
        } catch (RuntimeException e) {
            proxy.close();
            dynamo.close();
            throw e;
        }
        return new LocalDeployment(clock, dynamo, proxy, moto, asl());
    }

    /** Creates a function Rightsizer will size, in moto's Lambda, with its memory. */
    public void createFunction(String name, int memoryMb) {
        functions.create(name, memoryMb, Map.of());
    }

    /** The function's memory size now (GetFunction). */
    public int memoryOf(String functionName) {
        return lambda.getFunction(b -> b.functionName(functionName)).configuration().memorySize();
    }

    /** Starts the event source mapping: from now on, records on the stream reach the ingest handler. */
    public void startIngesting() {
        poller = KinesisEventSourcePoller.start(kinesis, STREAM, REGION,
                event -> ingest.handleRequest(event, new LambdaTestContext("rightsizer-ingest")), MAPPING);
    }

    /**
     * DynamoDB throttles ingest's next write of a day item, every attempt its client makes (DynamoDB Local never
     * throttles): ingest answers with a partial batch response and the event source mapping delivers the batch again
     * from the failed record.
     */
    public void throttleNextIngestWrite() {
        proxy.whenFirst(r -> "DynamoDB_20120810.UpdateItem".equals(r.header("X-Amz-Target"))
                        && r.bodyText().contains("DAY#"), INGEST_DYNAMODB_ATTEMPTS,
                r -> Response.json(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                        + "ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned"
                        + " throughput for the table was exceeded.\"}", Map.of()));
    }

    /** Waits until everything put on the stream so far went through ingest. */
    public void awaitIngested() {
        try {
            poller.awaitIdle(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public KinesisEventSourcePoller poller() {
        return poller;
    }

    public VirtualClock clock() {
        return clock;
    }

    public URI motoEndpoint() {
        return moto.endpoint();
    }

    public URI dynamoDbEndpoint() {
        return dynamo.endpoint();
    }

    public String table() {
        return table;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public SfnClient sfn() {
        return sfn;
    }

    public DynamoDbClient dynamoDb() {
        return handlerDynamo;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    /** The last part of moto's log, for failure messages. */
    public String motoLog() {
        return moto.logTail();
    }

    private void createStream() {
        kinesis.createStream(b -> b.streamName(STREAM).shardCount(1));
        Instant until = Instant.now().plusSeconds(10);
        while (kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("stream " + STREAM + " did not become ACTIVE");
            }
            pause(Duration.ofMillis(20));
        }
    }

    private EvaluateHandler evaluateHandler() {
        LambdaFunctions reader = new LambdaFunctions(lambdaThroughProxy(),
                new ControlPlaneRetry(Backoff.DEFAULT, d -> Thread.sleep(d.toMillis())));
        EvaluateSettings settings = new EvaluateSettings(table, ExclusionRule.of(null, null), PolicySettings.DEFAULTS,
                VerifySettings.DEFAULTS);
        // As deployed: maxima and out-of-memory counts from the table, invocations, errors and durations from the
        // metrics Lambda publishes to CloudWatch.
        return new EvaluateHandler(new WindowEvaluation(reader::read,
                new UsageWithMetrics(new DynamoDbUsageStore(handlerDynamo, table),
                        new CloudWatchFunctionMetrics(cloudWatch)),
                new DynamoDbDecisionLog(handlerDynamo, table), settings, clock));
    }

    private ApplyHandler applyHandler() {
        LambdaFunctions configurator = new LambdaFunctions(lambdaThroughProxy(),
                new ControlPlaneRetry(Backoff.DEFAULT, d -> Thread.sleep(d.toMillis())));
        // The deployed guard period (one day of the virtual clock); updates are polled every second.
        ApplySettings settings = new ApplySettings(table, false, ApplySettings.DEFAULT_WATCH,
                ExclusionRule.of(null, null), Duration.ofSeconds(1), Duration.ofSeconds(30));
        return new ApplyHandler(new GuardedMemoryChange(configurator, new DynamoDbDecisionLog(handlerDynamo, table),
                settings, clock));
    }

    private LambdaClient lambdaThroughProxy() {
        return LambdaClient.builder().endpointOverride(proxy.endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Where the Lambda service and DynamoDB would answer the state machine's tasks. */
    private void route() {
        proxy.when(r -> String.valueOf(r.header("X-Amz-Target")).startsWith("DynamoDB_"), -1,
                r -> proxy.forward(r, dynamo.endpoint()));
        proxy.when(r -> LambdaInvocations.invokes(r, EVALUATE_ARN), -1,
                r -> LambdaInvocations.answer(r, evaluate, "rightsizer-evaluate"));
        proxy.when(r -> LambdaInvocations.invokes(r, APPLY_ARN), -1,
                r -> LambdaInvocations.answer(r, apply, "rightsizer-apply"));
        LambdaRevisionIds.install(proxy, moto.endpoint());
    }

    private static String substituted(String asl, String table) {
        return asl.replace("${EvaluateFunctionArn}", EVALUATE_ARN).replace("${ApplyFunctionArn}", APPLY_ARN)
                .replace("${TableName}", table);
    }

    /** The project's ASL file, packaged with this module. */
    private static String asl() {
        try (InputStream in = LocalDeployment.class.getResourceAsStream("rightsizer.asl.json")) {
            if (in == null) {
                throw new IllegalStateException("rightsizer.asl.json is not on the class path (build the demo module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        sfn.close();
        lambda.close();
        kinesis.close();
        cloudWatch.close();
        handlerDynamo.close();
        ingestDynamo.close();
        cloudWatchBridge.close();
        moto.close();
        proxy.close();
        dynamo.close();
    }
}
