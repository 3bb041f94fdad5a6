package io.rightsizer.statemachine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.apply.ApplyHandler;
import io.rightsizer.apply.ApplySettings;
import io.rightsizer.apply.GuardedMemoryChange;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.lambda.Backoff;
import io.rightsizer.aws.lambda.ControlPlaneRetry;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.domain.function.ExclusionRule;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageWithMetrics;
import io.rightsizer.domain.verify.VerifySettings;
import io.rightsizer.domain.window.WindowExecution;
import io.rightsizer.evaluate.EvaluateHandler;
import io.rightsizer.evaluate.EvaluateSettings;
import io.rightsizer.evaluate.WindowEvaluation;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.InterceptingProxy.Request;
import io.rightsizer.testing.InterceptingProxy.Response;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.LambdaInvocations;
import io.rightsizer.testing.MotoFunctions;
import io.rightsizer.testing.StateMachineMoto;
import io.rightsizer.testing.memory.InMemoryFunctionMetrics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

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

/**
 * The state machine running for real: moto's Step Functions interpreter executes the ASL file; its Lambda tasks
 * reach the real evaluate-fn and apply-fn handlers in this JVM through a proxy (so handler input and output are the
 * ones the ASL builds and reads: they cannot drift apart); the handlers read and change functions in moto's Lambda
 * API and keep their data in DynamoDB Local, where the RecordOutcome task writes too.
 */
final class StateMachineRig implements AutoCloseable {

    static final String EVALUATE_ARN = MotoFunctions.arn("rightsizer-evaluate");
    static final String APPLY_ARN = MotoFunctions.arn("rightsizer-apply");

    // The calendar the tests live in: a window that ended three days ago, changed (by apply-fn's clock) at noon of
    // its end day, watched on the next day. The default guard period then ended yesterday at 00:10, so the
    // WatchAfterApply wait passes at once while Verify reads exactly the one day after the change.
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final LocalDate CHANGE_DAY = TODAY.minusDays(4);
    static final LocalDate WATCH_DAY = CHANGE_DAY.plusDays(1);
    static final Instant WINDOW_END = CHANGE_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    static final Instant WINDOW_START = WINDOW_END.minus(Duration.ofDays(14));
    static final Instant CHANGE_TIME = CHANGE_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    /** apply-fn's clock: it ticks (audit items are keyed by time), set back to noon of the change day. */
    final OffsetClock applyClock = new OffsetClock(Duration.between(Instant.now(), CHANGE_TIME));
    io.rightsizer.testing.LambdaRevisionIds revisions;
    /** apply-fn's wait for an update InProgress (ten minutes when deployed). */
    volatile Duration updateTimeout = Duration.ofSeconds(30);

    final DynamoDbLocal dynamo;
    final InterceptingProxy proxy;
    final StateMachineMoto moto;
    final MotoFunctions functions;
    final SfnClient sfn;
    final LambdaClient lambda;
    final AtomicInteger evaluateCalls = new AtomicInteger();
    /** What Lambda would have published to CloudWatch for the functions' invocations. */
    volatile InMemoryFunctionMetrics metrics = new InMemoryFunctionMetrics();
    final AtomicInteger applyCalls = new AtomicInteger();

    private final List<ExecutionInterceptor> evaluateInterceptors = new ArrayList<>();
    private final List<ExecutionInterceptor> applyInterceptors = new ArrayList<>();
    volatile boolean dryRun;
    /** Which functions evaluate-fn lets apply-fn change: every one unless a test deploys the defaults. */
    volatile io.rightsizer.domain.function.ModeRule modes = io.rightsizer.domain.function.ModeRule.APPLY_ALL;
    /** Who apply-fn tells about its outcomes: nobody unless a test subscribes. */
    volatile io.rightsizer.domain.decision.DecisionNotifier notifier =
            io.rightsizer.domain.decision.DecisionNotifier.NONE;
    volatile Duration watch = ApplySettings.DEFAULT_WATCH;
    volatile String table;
    volatile String stateMachineArn;

    private StateMachineRig(DynamoDbLocal dynamo, InterceptingProxy proxy, StateMachineMoto moto) {
        this.dynamo = dynamo;
        this.proxy = proxy;
        this.moto = moto;
        this.functions = new MotoFunctions(moto.endpoint());
        this.sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        this.lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static StateMachineRig start() {
        DynamoDbLocal dynamo = DynamoDbLocal.start();
        int motoPort = StateMachineMoto.freePort();
        InterceptingProxy proxy = InterceptingProxy.start(URI.create("http://127.0.0.1:" + motoPort));
        StateMachineMoto moto;
        try {
            moto = StateMachineMoto.start(motoPort, proxy.port());
        } catch (RuntimeException e) {
            proxy.close();
            dynamo.close();
            throw e;
        }
        StateMachineRig rig = new StateMachineRig(dynamo, proxy, moto);
        rig.configure();
        return rig;
    }

    private void configure() {
        // The interpreter's DynamoDB calls go to DynamoDB Local, under the test's credentials (DynamoDB Local keeps
        // one database per access key).
        proxy.when(r -> String.valueOf(r.header("X-Amz-Target")).startsWith("DynamoDB_"), -1,
                r -> proxy.forward(withAccessKey(r, "local"), dynamo.endpoint()));
        proxy.when(r -> LambdaInvocations.invokes(r, EVALUATE_ARN), -1, r -> {
            evaluateCalls.incrementAndGet();
            return LambdaInvocations.answer(r, evaluateHandler(), "rightsizer-evaluate");
        });
        proxy.when(r -> LambdaInvocations.invokes(r, APPLY_ARN), -1, r -> {
            applyCalls.incrementAndGet();
            return LambdaInvocations.answer(r, applyHandler(), "rightsizer-apply");
        });
        // The handlers' control-plane calls pass the proxy too: moto keeps RevisionIds like Lambda, and the faults below
        // have a place to happen.
        revisions = io.rightsizer.testing.LambdaRevisionIds.install(proxy, moto.endpoint());
    }

    // ---- The fault layer: what AWS does and moto will not. ----

    static boolean isUpdate(Request r) {
        return r.method().equals("PUT") && r.path().startsWith("/2015-03-31/functions/")
                && r.path().endsWith("/configuration");
    }

    static boolean isGetFunction(Request r) {
        return r.method().equals("GET") && r.path().startsWith("/2015-03-31/functions/")
                && !r.path().contains("/configuration") && !r.path().contains("/invocations");
    }

    private boolean updated() {
        return proxy.seen().stream().anyMatch(StateMachineRig::isUpdate);
    }

    /** The next UpdateFunctionConfiguration succeeds in Lambda and its response never arrives. */
    void loseNextUpdateResponse() {
        proxy.whenFirst(StateMachineRig::isUpdate, 1, r -> {
            revisions.answer(r);
            return Response.DROPPED;
        });
    }

    /** The next update answers InProgress, and so do the next {@code polls} GetFunction calls after it. */
    void keepUpdateInProgressFor(int polls) {
        proxy.whenFirst(StateMachineRig::isUpdate, 1, r -> inProgress(revisions.answer(r), false));
        proxy.whenFirst(r -> isGetFunction(r) && updated(), polls, r -> inProgress(revisions.answer(r), true));
    }

    /** The next {@code times} GetFunction calls after an update are throttled (429, Retry-After 1). */
    void throttleGetFunctionAfterTheUpdate(int times) {
        proxy.whenFirst(r -> isGetFunction(r) && updated(), times, r -> Response.json(429,
                "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"Reason\":\"CallerRateLimitExceeded\"}",
                Map.of("x-amzn-ErrorType", "TooManyRequestsException", "Retry-After", "1")));
    }

    /** The audit write of the next applied change fails, every attempt the client makes. */
    void failNextAuditWriteOf(String status) {
        proxy.whenFirst(r -> "DynamoDB_20120810.PutItem".equals(r.header("X-Amz-Target"))
                        && r.bodyText().contains("DECISION#") && r.bodyText().contains("\"S\":\"" + status + "\""),
                DYNAMODB_ATTEMPTS, r -> Response.json(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                        + "InternalServerError\",\"message\":\"Internal server error\"}", Map.of()));
    }

    /**
     * The function runs a layer, as GetFunction tells the handlers: moto cannot hold layers on functions while its
     * Lambda runs without Docker (as here: it looks them up in the other backend and refuses the function).
     */
    void runsLayer(String functionName, String layerVersionArn) {
        proxy.whenFirst(r -> isGetFunction(r) && r.path().endsWith(functionName), -1, r -> {
            Response real = revisions.answer(r);
            if (real.status() != 200) {
                return real;
            }
            try {
                ObjectNode body = (ObjectNode) Asl.JSON.readTree(real.body());
                ((ObjectNode) body.get("Configuration")).putArray("Layers").addObject()
                        .put("Arn", layerVersionArn).put("CodeSize", 2_600_000);
                return new Response(200, real.headers(), Asl.JSON.writeValueAsBytes(body));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Response inProgress(Response real, boolean getFunction) {
        if (real.status() != 200) {
            return real;
        }
        try {
            ObjectNode body = (ObjectNode) Asl.JSON.readTree(real.body());
            ObjectNode configuration = getFunction ? (ObjectNode) body.get("Configuration") : body;
            configuration.put("LastUpdateStatus", "InProgress");
            return new Response(200, real.headers(), Asl.JSON.writeValueAsBytes(body));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock set back to the tests' calendar that a test can move on (a further change, a day later). */
    static final class OffsetClock extends Clock {
        private volatile Duration offset;

        OffsetClock(Duration offset) {
            this.offset = offset;
        }

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** How long the state machine waits between two looks at an update InProgress (5 s when deployed). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /** The handlers' control-plane backoff: four attempts, so a throttle outlasts it in seconds, not minutes. */
    static final Backoff RIG_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 4);

    /** Attempts the handlers' DynamoDB client makes per call (the SDK's standard retry mode). */
    static final int DYNAMODB_ATTEMPTS = 3;

    private software.amazon.awssdk.services.dynamodb.DynamoDbClient handlerDynamo() {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(proxy.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.retries.StandardRetryStrategy
                        .builder().maxAttempts(DYNAMODB_ATTEMPTS).build()))
                .build();
    }

    /** A fresh table and a state machine created from the ASL file with the placeholders substituted. */
    void freshDeployment() {
        // A test's faults end with it: forget its rules and the requests seen, then route again.
        proxy.clear();
        configure();
        table = dynamo.createTable();
        stateMachineArn = sfn.createStateMachine(b -> b.name("Rightsizer-" + UUID.randomUUID().toString().substring(0, 8))
                .roleArn("arn:aws:iam::" + MotoFunctions.ACCOUNT + ":role/rightsizer-states")
                .definition(Asl.substituted(EVALUATE_ARN, APPLY_ARN, table))).stateMachineArn();
        metrics = new InMemoryFunctionMetrics();
        evaluateCalls.set(0);
        applyCalls.set(0);
        dryRun = false;
        modes = io.rightsizer.domain.function.ModeRule.APPLY_ALL;
        notifier = io.rightsizer.domain.decision.DecisionNotifier.NONE;
        watch = ApplySettings.DEFAULT_WATCH;
        updateTimeout = Duration.ofSeconds(30);
        applyClock.offset = Duration.between(Instant.now(), CHANGE_TIME);
    }

    /** Sees evaluate-fn's and apply-fn's own Lambda control-plane calls (for the benchmark). */
    void interceptLambdaCalls(ExecutionInterceptor evaluate, ExecutionInterceptor apply) {
        evaluateInterceptors.add(evaluate);
        applyInterceptors.add(apply);
    }

    EvaluateHandler evaluateHandler() {
        LambdaFunctions reader = new LambdaFunctions(lambdaClient(evaluateInterceptors),
                new ControlPlaneRetry(Backoff.DEFAULT, d -> Thread.sleep(d.toMillis())));
        EvaluateSettings settings = new EvaluateSettings(table, ExclusionRule.of(null, "legacy-billing"),
                PolicySettings.DEFAULTS, VerifySettings.DEFAULTS).withModes(modes);
        software.amazon.awssdk.services.dynamodb.DynamoDbClient db = handlerDynamo();
        // As deployed: maxima and out-of-memory counts from the table, invocations, errors and durations from the
        // metrics Lambda publishes (here the ones record(...) published beside the days).
        return new EvaluateHandler(new WindowEvaluation(reader::read,
                new UsageWithMetrics(new DynamoDbUsageStore(db, table), metrics),
                new DynamoDbDecisionLog(db, table), settings, Clock.systemUTC()));
    }

    /**
     * Stores days as ingest would and publishes their invocations, errors and durations as Lambda would (CloudWatch),
     * so evaluate reads them from the same two places as in a deployment.
     */
    void record(List<DailyUsage> days) {
        new DynamoDbUsageStore(dynamo.client(), table).record(days);
        for (DailyUsage d : days) {
            metrics.publish(FunctionRef.fromArn(d.function()).functionName(),
                    d.day().atTime(12, 0).toInstant(java.time.ZoneOffset.UTC), d.invocations(), d.errors(),
                    d.durationMsSum());
        }
    }

    ApplyHandler applyHandler() {
        LambdaFunctions configurator = new LambdaFunctions(lambdaClient(applyInterceptors),
                new ControlPlaneRetry(RIG_BACKOFF, d -> Thread.sleep(d.toMillis())));
        ApplySettings settings = new ApplySettings(table, dryRun, watch, ExclusionRule.of(null, null),
                POLL_INTERVAL, updateTimeout);
        return new ApplyHandler(new GuardedMemoryChange(configurator, new DynamoDbDecisionLog(handlerDynamo(), table),
                settings, applyClock, notifier));
    }

    /** The state machine's execution input for a function window, and the execution name the design asks for. */
    Execution run(String functionName, Instant windowStart, Instant windowEnd) {
        // The name and input ingest starts a window's execution with.
        long cycle = claimedCycle(MotoFunctions.arn(functionName));
        WindowExecution window = new WindowExecution(new FunctionRef(MotoFunctions.arn(functionName), functionName,
                MotoFunctions.ACCOUNT, MotoFunctions.REGION), cycle, windowStart, windowEnd);
        String name = window.name();
        String input = window.inputJson();
        String executionArn;
        try {
            executionArn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name)
                    .input(input)).executionArn();
        } catch (software.amazon.awssdk.services.sfn.model.SfnException e) {
            throw new AssertionError("moto failed: " + e.getMessage() + "\n" + moto.logTail(), e);
        }
        return await(executionArn, Duration.ofSeconds(150));
    }

    /** The cycle of the function's claim (what ingest puts in the execution input), 1 when there is none to read. */
    private long claimedCycle(String functionArn) {
        try {
            Map<String, AttributeValue> claim = windowItem(functionArn);
            return claim == null || !claim.containsKey("cycle") ? 1 : Long.parseLong(claim.get("cycle").n());
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException noTable) {
            return 1;
        }
    }

    Execution await(String executionArn, Duration timeout) {
        try {
            return awaitUnchecked(executionArn, timeout);
        } catch (software.amazon.awssdk.services.sfn.model.SfnException e) {
            throw new AssertionError("moto failed: " + e.getMessage() + "\n" + moto.logTail(), e);
        }
    }

    private Execution awaitUnchecked(String executionArn, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        DescribeExecutionResponse d;
        while (true) {
            d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("execution still RUNNING after " + timeout + ": " + executionArn);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = sfn.getExecutionHistory(b -> b.executionArn(executionArn).nextToken(t).maxResults(1000));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return new Execution(executionArn, d.status(), d.output(), events);
    }

    Map<String, AttributeValue> windowItem(String functionArn) {
        return dynamo.client().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("FN#" + functionArn), "sk", AttributeValue.fromS("WINDOW"))))
                .item();
    }

    /** The WINDOW item ingest writes when it claims a window (before it starts the execution). */
    void claimWindow(String functionArn, Instant windowStart, Instant windowEnd) {
        claimWindow(functionArn, 1, windowStart, windowEnd);
    }

    /** The claim of a given cycle, as ingest writes it (it replaces the item, so no execution is named yet). */
    void claimWindow(String functionArn, long cycle, Instant windowStart, Instant windowEnd) {
        dynamo.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("FN#" + functionArn), "sk", AttributeValue.fromS("WINDOW"),
                "windowStart", AttributeValue.fromS(windowStart.toString()),
                "windowEnd", AttributeValue.fromS(windowEnd.toString()),
                "state", AttributeValue.fromS("STARTING"), "cycle", AttributeValue.fromN(Long.toString(cycle)))));
    }

    int memoryOf(String functionName) {
        return lambda.getFunction(b -> b.functionName(functionName)).configuration().memorySize();
    }

    /** One execution's end state and history. */
    record Execution(String arn, ExecutionStatus status, String output, List<HistoryEvent> events) {

        /** The states entered, in order. */
        List<String> path() {
            return events.stream().filter(e -> e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name()).toList();
        }

        /** The state transitions Step Functions bills: one per state entered plus one per task retry. */
        long transitions() {
            long entered = events.stream().filter(e -> e.type() != null && e.type().toString().endsWith("StateEntered"))
                    .count();
            long taskEntered = events.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED).count();
            long scheduled = events.stream().filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).count();
            return entered + (scheduled - taskEntered);
        }

        /** Why the execution failed, for assertion messages. */
        String failure() {
            return events.stream().filter(e -> e.executionFailedEventDetails() != null)
                    .map(e -> e.executionFailedEventDetails().error() + ": " + e.executionFailedEventDetails().cause())
                    .findFirst().orElse("(not failed) " + path());
        }

        List<String> taskErrors() {
            return events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED)
                    .map(e -> e.taskFailedEventDetails().error()).toList();
        }
    }

    private static Request withAccessKey(Request r, String accessKey) {
        Map<String, List<String>> headers = new java.util.HashMap<>(r.headers());
        headers.replaceAll((k, v) -> k != null && k.equalsIgnoreCase("Authorization")
                ? v.stream().map(a -> a.replaceFirst("Credential=[^/]+/", "Credential=" + accessKey + "/")).toList()
                : v);
        return new Request(r.method(), r.path(), headers, r.body());
    }

    private LambdaClient lambdaClient(List<ExecutionInterceptor> interceptors) {
        return LambdaClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    interceptors.forEach(o::addExecutionInterceptor);
                })
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    @Override
    public void close() {
        sfn.close();
        lambda.close();
        moto.close();
        proxy.close();
        dynamo.close();
    }
}
