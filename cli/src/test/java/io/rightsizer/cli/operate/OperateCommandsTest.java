package io.rightsizer.cli.operate;

import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.cli.CliRun;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.InterceptingProxy.Response;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.StateMachineMoto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands end to end: the table in DynamoDB Local, the state machine (the project's ASL) in moto, the
 * command run as a person types it. moto 5.2.1 has no {@code RedriveExecution}: a proxy in front of moto answers
 * that one call the way Step Functions does, everything else is moto.
 */
class OperateCommandsTest {

    private static final String ACCOUNT = "123456789012";

    private static DynamoDbLocal dynamo;
    private static StateMachineMoto moto;
    private static InterceptingProxy stepFunctions;
    private static SfnClient sfn;
    /** Under the credentials the command uses (DynamoDB Local keeps one database per access key). */
    private static DynamoDbClient db;

    private String table;
    private String stateMachineArn;

    @BeforeAll
    static void startStandIns() {
        dynamo = DynamoDbLocal.start();
        int port = StateMachineMoto.freePort();
        moto = StateMachineMoto.start(port, port);
        stepFunctions = InterceptingProxy.start(moto.endpoint());
        sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        db = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopStandIns() {
        sfn.close();
        db.close();
        stepFunctions.close();
        moto.close();
        dynamo.close();
    }

    @BeforeEach
    void deploy() throws IOException {
        table = "rightsizer-" + UUID.randomUUID();
        db.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        String asl = Files.readString(Path.of(System.getProperty("rightsizer.asl")))
                .replace("${EvaluateFunctionArn}", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:rightsizer-evaluate")
                .replace("${ApplyFunctionArn}", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:rightsizer-apply")
                .replace("${TableName}", table);
        stateMachineArn = sfn.createStateMachine(b -> b.name("Rightsizer-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(asl).roleArn("arn:aws:iam::" + ACCOUNT + ":role/states")).stateMachineArn();
        stepFunctions.clear();
    }

    private String[] args(String... command) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(List.of("--table", table, "--state-machine-arn", stateMachineArn, "--region", "us-east-1",
                "--endpoint-url", stepFunctions.endpoint().toString(),
                "--dynamodb-endpoint", dynamo.endpoint().toString()));
        return all.toArray(String[]::new);
    }

    private static String arn(String name) {
        return "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name;
    }

    /** The WINDOW item as ingest claims it, with what the state machine recorded when given. */
    private void window(String name, Instant start, Instant end, String state, String executionArn, String outcome) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "pk", AttributeValue.fromS("FN#" + arn(name)), "sk", AttributeValue.fromS("WINDOW"),
                "functionArn", AttributeValue.fromS(arn(name)), "functionName", AttributeValue.fromS(name),
                "accountId", AttributeValue.fromS(ACCOUNT), "region", AttributeValue.fromS("us-east-1"),
                "windowStart", AttributeValue.fromS(start.toString()), "windowEnd", AttributeValue.fromS(end.toString()),
                "state", AttributeValue.fromS(state), "cycle", AttributeValue.fromN("1")));
        if (executionArn != null) {
            item.put("executionArn", AttributeValue.fromS(executionArn));
        }
        if (outcome != null) {
            item.put("outcome", AttributeValue.fromS(outcome));
        }
        db.putItem(b -> b.tableName(table).item(item));
    }

    private String startExecution(String name, Instant windowStart, Instant windowEnd) {
        return startExecution(name, windowStart, windowEnd, io.rightsizer.domain.window.ExecutionNames.of(name, windowStart));
    }

    private String startExecution(String name, Instant windowStart, Instant windowEnd, String executionName) {
        String input = "{\"functionArn\":\"" + arn(name) + "\",\"functionName\":\"" + name + "\",\"accountId\":\""
                + ACCOUNT + "\",\"region\":\"us-east-1\",\"windowStart\":\"" + windowStart + "\",\"windowEnd\":\""
                + windowEnd + "\"}";
        return sfn.startExecution(b -> b.stateMachineArn(stateMachineArn)
                .name(executionName).input(input)).executionArn();
    }

    private static DescribeExecutionResponse awaitEnd(String executionArn) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                return d;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void statusShowsEveryTrackedFunctionItsWindowProgressLastChangeAndSavings() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        window("checkout-api", now.minus(Duration.ofDays(4)).minusSeconds(3600), now.plus(Duration.ofDays(10)),
                "STARTED", "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:Rightsizer:checkout-api-x", null);
        window("orders-worker", now.minus(Duration.ofDays(16)), now.minus(Duration.ofDays(2)), "CLOSED",
                "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:Rightsizer:orders-worker-x", "APPLIED");
        new DynamoDbDecisionLog(db, table).record(new DecisionRecord(arn("orders-worker"),
                now.minus(Duration.ofDays(2)), DecisionStep.APPLY, DecisionStatus.APPLIED, 1024, 512,
                "average daily max 300 MB + 100 MB = 400 MB", "DECREASE", "arn:exec", null, null, null, null, 6.0));

        CliRun run = CliRun.run(args("status"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Table " + table + " (us-east-1)");
        assertThat(run.out().lines().filter(l -> l.startsWith("checkout-api")).findFirst().orElseThrow())
                .contains("day 5/14", "STARTED");
        assertThat(run.out().lines().filter(l -> l.startsWith("orders-worker")).findFirst().orElseThrow())
                .contains("done", "CLOSED", "APPLIED", "1024->512 MB APPLIED", "$6.00");
        assertThat(run.out()).contains("2 functions tracked, 1 window open; applied changes save an estimated $6.00"
                + " per month");
    }

    @Test
    void anIncreaseCostsMoneyAndStatusWritesTheSignBeforeTheDollar() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        window("image-resizer", now.minus(Duration.ofDays(16)), now.minus(Duration.ofDays(2)), "CLOSED",
                "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:Rightsizer:image-resizer-x", "APPLIED");
        new DynamoDbDecisionLog(db, table).record(new DecisionRecord(arn("image-resizer"),
                now.minus(Duration.ofDays(2)), DecisionStep.APPLY, DecisionStatus.APPLIED, 512, 830,
                "under-provisioned", "INCREASE", "arn:exec", null, null, null, null, -1.25));
        window("orders-api", now.minus(Duration.ofDays(16)), now.minus(Duration.ofDays(2)), "CLOSED",
                "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:Rightsizer:orders-api-x", "APPLIED");
        new DynamoDbDecisionLog(db, table).record(new DecisionRecord(arn("orders-api"),
                now.minus(Duration.ofDays(2)), DecisionStep.APPLY, DecisionStatus.APPLIED, 512, 500,
                "lower", "DECREASE", "arn:exec", null, null, null, null, -0.001));

        CliRun run = CliRun.run(args("status"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("image-resizer")).findFirst().orElseThrow())
                .endsWith("-$1.25");
        assertThat(run.out().lines().filter(l -> l.startsWith("orders-api")).findFirst().orElseThrow())
                .as("less than a cent either way is no saving, not '$-0.00'").endsWith(" $0.00");
        assertThat(run.out()).contains("applied changes save an estimated -$1.25 per month");
    }

    @Test
    void statusShowsARecommendationAndWhatTheRecommendationsWouldSave() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        window("billing-sync", now.minus(Duration.ofDays(16)), now.minus(Duration.ofDays(2)), "CLOSED",
                "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:Rightsizer:billing-sync-x", "RECOMMENDED");
        new DynamoDbDecisionLog(db, table).record(new DecisionRecord(arn("billing-sync"),
                now.minus(Duration.ofDays(2)), DecisionStep.APPLY, DecisionStatus.RECOMMENDED, 2048, 512,
                "lower 2048 MB to 512 MB; recommend mode (...): recorded, not applied", "DECREASE", "arn:exec", null,
                null, null, null, 14.5));

        CliRun run = CliRun.run(args("status"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("billing-sync")).findFirst().orElseThrow())
                .contains("RECOMMENDED", "2048->512 MB RECOMMENDED");
        assertThat(run.out()).contains("1 function tracked, 0 windows open; applied changes save an estimated $0.00"
                + " per month; recommendations not applied (recommend mode, published versions) would save $14.50"
                + " more");
    }

    @Test
    void statusFindsTheDeploymentInTheCdkOutputsFile(@TempDir Path dir) throws IOException {
        Path outputs = dir.resolve("cdk-outputs.json");
        Files.writeString(outputs, Files.readString(Path.of(CliRun.resource("operate/cdk-outputs.json")))
                .replace("TABLE_NAME", table).replace("STATE_MACHINE_ARN", stateMachineArn));

        CliRun run = CliRun.run("status", "--outputs-file", outputs.toString(),
                "--dynamodb-endpoint", dynamo.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Table " + table + " (us-east-1)", "No functions tracked yet");
    }

    @Test
    void aStackMissingFromTheOutputsFileIsAClearError(@TempDir Path dir) throws IOException {
        Path outputs = dir.resolve("cdk-outputs.json");
        Files.copy(Path.of(CliRun.resource("operate/cdk-outputs.json")), outputs);

        CliRun run = CliRun.run("status", "--outputs-file", outputs.toString(), "--stack", "RightsizerStaging");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("stack 'RightsizerStaging' not found in", "(stacks there: Rightsizer)");
    }

    @Test
    void withoutADeploymentTheCommandsSayWhatToPass(@TempDir Path dir) {
        assertThat(CliRun.run("status", "--region", "us-east-1").err())
                .contains("no deployment: pass --outputs-file cdk-outputs.json");
        assertThat(CliRun.run("status", "--outputs-file", dir.resolve("missing.json").toString()).err())
                .contains("outputs file not found");
        CliRun wrongTable = CliRun.run("status", "--table", "no-such-table", "--region", "us-east-1",
                "--dynamodb-endpoint", dynamo.endpoint().toString());
        assertThat(wrongTable.exitCode()).isEqualTo(1);
        assertThat(wrongTable.err()).contains("table 'no-such-table' not found");
    }

    @Test
    void executionsListsOneFunctionsExecutionsNewestFirstOrAll() {
        Instant future = Instant.now().plus(Duration.ofDays(14));
        Instant w1 = Instant.parse("2026-10-01T08:00:00Z");
        Instant w2 = Instant.parse("2026-10-15T09:30:00Z");
        startExecution("checkout-api", w1, future);
        startExecution("checkout-api", w2, future);
        startExecution("orders-worker", w1, future);

        CliRun one = CliRun.run(args("executions", "checkout-api"));
        CliRun all = CliRun.run(args("executions"));

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("checkout-api-20261001T0800", "checkout-api-20261015T0930", "RUNNING",
                "2 executions").doesNotContain("orders-worker");
        assertThat(one.out().indexOf("20261015T0930")).isLessThan(one.out().indexOf("20261001T0800"));
        assertThat(all.out()).contains("3 executions");
    }

    @Test
    void aWindowIsFoundByItsFunctionNameOrArn() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int f = 0; f < 3; f++) {
            window("fn-" + f, start, start.plus(Duration.ofDays(14)), "STARTED", null, null);
        }
        WindowLookup lookup = new WindowLookup(new DynamoDbWindowStore(db, table), table);

        assertThat(lookup.find("fn-1")).map(w -> w.function().functionArn()).contains(arn("fn-1"));
        assertThat(lookup.find(arn("fn-2"))).map(w -> w.function().functionName()).contains("fn-2");
        assertThat(lookup.find("fn-9")).isEmpty();
    }

    @Test
    void executionsOfOneFunctionLeaveOutAFunctionWhoseNameStartsWithIt() {
        Instant future = Instant.now().plus(Duration.ofDays(14));
        Instant w1 = Instant.parse("2026-10-01T08:00:00Z");
        Instant w2 = Instant.parse("2026-10-15T09:30:00Z");
        String byIngest = startExecution("orders", w1, future, ingestName("orders", w1));
        String restarted = startExecution("orders", w2, future,
                RestartCommand.executionName(FunctionRef.fromArn(arn("orders")), w2, Instant.parse("2026-10-20T10:00:00Z")));
        startExecution("orders-api", w1, future);
        startExecution("orders-api", w2, future, ingestName("orders-api", w2));
        // A function whose name ends like a hash: only its input tells it from "orders" with the hash first.
        startExecution("orders-abc123", w1, future);

        CliRun orders = CliRun.run(args("executions", "orders"));
        CliRun ordersApi = CliRun.run(args("executions", "orders-api"));
        CliRun ordersByArn = CliRun.run(args("executions", arn("orders")));

        assertThat(orders.exitCode()).as(orders.err()).isZero();
        assertThat(orders.out()).contains(name(byIngest), name(restarted), "2 executions")
                .doesNotContain("orders-api", "orders-abc123");
        assertThat(ordersApi.out()).contains("orders-api-20261001T0800", ingestName("orders-api", w2), "2 executions");
        assertThat(ordersByArn.out()).contains(name(byIngest), name(restarted), "2 executions")
                .doesNotContain("orders-api");
    }

    private static String ingestName(String function, Instant windowStart) {
        return io.rightsizer.domain.window.ExecutionNames.of(new io.rightsizer.domain.function.FunctionRef(arn(function),
                function, ACCOUNT, "us-east-1"), windowStart);
    }

    private static String name(String executionArn) {
        return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }

    @Test
    void executionsOfAnUnknownFunctionIsAClearError() {
        CliRun run = CliRun.run(args("executions", "no-such-function"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("unknown function 'no-such-function'");
    }

    @Test
    void restartStopsTheRunningExecutionAndStartsOneThatEvaluatesTheWindowNow() throws Exception {
        Instant windowStart = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MINUTES);
        Instant windowEnd = windowStart.plus(Duration.ofDays(14));
        String running = startExecution("checkout-api", windowStart, windowEnd);
        window("checkout-api", windowStart, windowEnd, "STARTED", running, null);
        awaitWaiting(running);
        // "Now" a few minutes ahead keeps the restarted execution waiting, so the repeat finds it running.
        Instant now = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);

        String first = restartAt(now, "checkout-api");
        String again = restartAt(now, arn("checkout-api"));

        String name = RestartCommand.executionName(FunctionRef.fromArn(arn("checkout-api")), windowStart, now);
        String restartedArn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
        assertThat(first).contains("Stopped " + running, "Started " + restartedArn);
        assertThat(again).contains("Started " + restartedArn).doesNotContain("Stopped");
        assertThat(awaitEnd(running).status()).isEqualTo(ExecutionStatus.ABORTED);
        DescribeExecutionResponse restarted = sfn.describeExecution(b -> b.executionArn(restartedArn));
        assertThat(restarted.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(restarted.input()).contains("\"windowStart\":\"" + windowStart + "\"",
                "\"windowEnd\":\"" + now + "\"", "\"functionArn\":\"" + arn("checkout-api") + "\"", "\"cycle\":1");
        assertThat(first).contains("(it was in WaitForWindowEnd)", "cycle 1");
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("FN#" + arn("checkout-api")), "sk", AttributeValue.fromS("WINDOW")))).item();
        assertThat(item.get("executionArn").s()).isEqualTo(restartedArn);
        assertThat(item.get("state").s()).isEqualTo("STARTED");
        assertThat(item.get("windowEnd").s()).isEqualTo(now.toString());
        assertThat(item.get("windowStart").s()).isEqualTo(windowStart.toString());
        sfn.stopExecution(b -> b.executionArn(restartedArn));
    }

    /** Until the execution waits for its window's end, as a running window execution does. */
    private static void awaitWaiting(String executionArn) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events().stream()
                .noneMatch(e -> e.type() == software.amazon.awssdk.services.sfn.model.HistoryEventType.WAIT_STATE_ENTERED)) {
            assertThat(Instant.now()).as("execution waiting").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private String restartAt(Instant now, String function) {
        CliRun run = restart(now, function);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    private CliRun restart(Instant now, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RestartCommand(Clock.fixed(now, ZoneOffset.UTC)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args(arguments));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void restartRefusesToStopAnExecutionWatchingAChangeUnlessForced() throws Exception {
        Instant windowStart = Instant.now().minus(Duration.ofDays(15)).truncatedTo(ChronoUnit.MINUTES);
        // An execution between a change and its verdict: waiting out the guard period in WatchAfterApply.
        String watching = sfn.startExecution(b -> b.stateMachineArn(machine("{\"StartAt\":\"WatchAfterApply\","
                + "\"States\":{\"WatchAfterApply\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}")))
                .executionArn();
        window("orders-api", windowStart, windowStart.plus(Duration.ofDays(14)), "STARTED", watching, null);
        awaitWaiting(watching);
        Instant now = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);

        CliRun refused = restart(now, "orders-api");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("is in WatchAfterApply", "unwatched", "--force");
        assertThat(sfn.describeExecution(b -> b.executionArn(watching)).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(windowItemOf("orders-api").get("executionArn").s()).isEqualTo(watching);

        CliRun forced = restart(now, "orders-api", "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("Stopped " + watching + " (it was in WatchAfterApply)", "warning: --force",
                "Started ");
        assertThat(awaitEnd(watching).status()).isEqualTo(ExecutionStatus.ABORTED);
        String restartedArn = windowItemOf("orders-api").get("executionArn").s();
        assertThat(forced.out()).contains("Started " + restartedArn);
        sfn.stopExecution(b -> b.executionArn(restartedArn));
    }

    private Map<String, AttributeValue> windowItemOf(String name) {
        return db.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("FN#" + arn(name)),
                "sk", AttributeValue.fromS("WINDOW")))).item();
    }

    @Test
    void restartOfAnUnknownFunctionIsAClearError() {
        CliRun run = CliRun.run(args("restart", "no-such-function"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("unknown function 'no-such-function': no window in table " + table);
    }

    @Test
    void restartNamesStayWithinStepFunctionsLimit() {
        String name = RestartCommand.executionName(FunctionRef.fromArn(arn("a".repeat(100))), Instant.parse("2026-11-01T10:00:00Z"),
                Instant.parse("2026-11-09T12:34:00Z"));

        assertThat(name).hasSize(80).matches("a+-20261101T1000-[0-9a-f]{6}-r20261109T1234");
    }

    @Test
    void redriveResumesAFailedExecution() {
        String failed = failedExecution();
        stepFunctions.when(r -> "AWSStepFunctions.RedriveExecution".equals(r.header("X-Amz-Target")), -1,
                r -> Response.json(200, "{\"redriveDate\":1795000000.0}", Map.of()));

        CliRun run = CliRun.run("redrive", failed, "--endpoint-url", stepFunctions.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Redriven " + failed);
        assertThat(stepFunctions.seen()).anySatisfy(r -> {
            assertThat(r.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.RedriveExecution");
            assertThat(r.bodyText()).contains(failed);
        });
    }

    @Test
    void redriveRefusesASucceededExecutionAndAnUnknownOneClearly() {
        String succeeded = sfn.startExecution(b -> b.stateMachineArn(machine("{\"StartAt\":\"Ok\",\"States\":"
                + "{\"Ok\":{\"Type\":\"Pass\",\"End\":true}}}"))).executionArn();
        awaitEnd(succeeded);

        CliRun done = CliRun.run("redrive", succeeded, "--endpoint-url", stepFunctions.endpoint().toString());
        CliRun unknown = CliRun.run("redrive", succeeded + "-nope", "--endpoint-url", stepFunctions.endpoint().toString());
        CliRun notAnArn = CliRun.run("redrive", "checkout-api-20261101T0000");

        assertThat(done.exitCode()).isEqualTo(1);
        assertThat(done.err()).contains("is SUCCEEDED and cannot be redriven", "rightsizer restart FUNCTION");
        assertThat(unknown.err()).contains("no such execution");
        assertThat(notAnArn.exitCode()).isEqualTo(2);
        assertThat(stepFunctions.seen()).noneSatisfy(r ->
                assertThat(r.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.RedriveExecution"));
    }

    @Test
    void redriveOfAnExecutionThatEndedInTheFailedStateSuggestsARestart() {
        // The project's Failed state, reached after a step's failure was caught and recorded.
        String failed = sfn.startExecution(b -> b.stateMachineArn(machine("{\"StartAt\":\"RouteOutcome\",\"States\":"
                + "{\"RouteOutcome\":{\"Type\":\"Pass\",\"Next\":\"Failed\"},\"Failed\":{\"Type\":\"Fail\","
                + "\"Error\":\"Rightsizer.Failed\",\"Cause\":\"A step failed\"}}}"))
                .input("{\"functionArn\":\"" + arn("checkout-api") + "\",\"functionName\":\"checkout-api\"}"))
                .executionArn();
        assertThat(awaitEnd(failed).status()).isEqualTo(ExecutionStatus.FAILED);
        stepFunctions.when(r -> "AWSStepFunctions.RedriveExecution".equals(r.header("X-Amz-Target")), -1,
                r -> Response.json(200, "{\"redriveDate\":1795000000.0}", Map.of()));

        CliRun run = CliRun.run("redrive", failed, "--endpoint-url", stepFunctions.endpoint().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("ended in its Failed state",
                "rightsizer restart checkout-api");
        assertThat(stepFunctions.seen()).noneSatisfy(r ->
                assertThat(r.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.RedriveExecution"));
    }

    @Test
    void redriveOfAnExecutionWhoseFailedStateReportsTheStepsOwnErrorSuggestsARestart() {
        // The project's Failed state reports the failed step's real error (ErrorPath/CausePath), not a fixed name.
        String failed = sfn.startExecution(b -> b.stateMachineArn(machine("{\"StartAt\":\"RouteOutcome\",\"States\":"
                + "{\"RouteOutcome\":{\"Type\":\"Pass\",\"Next\":\"Failed\"},\"Failed\":{\"Type\":\"Fail\","
                + "\"ErrorPath\":\"$.error\",\"CausePath\":\"$.cause\"}}}"))
                .input("{\"functionArn\":\"" + arn("checkout-api") + "\",\"functionName\":\"checkout-api\","
                        + "\"error\":\"software.amazon.awssdk.services.lambda.model.LambdaException\","
                        + "\"cause\":\"Apply failed: not authorized\"}"))
                .executionArn();
        assertThat(awaitEnd(failed).status()).isEqualTo(ExecutionStatus.FAILED);
        stepFunctions.when(r -> "AWSStepFunctions.RedriveExecution".equals(r.header("X-Amz-Target")), -1,
                r -> Response.json(200, "{\"redriveDate\":1795000000.0}", Map.of()));

        CliRun run = CliRun.run("redrive", failed, "--endpoint-url", stepFunctions.endpoint().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("ended in its Failed state", "rightsizer restart checkout-api");
        assertThat(stepFunctions.seen()).noneSatisfy(r ->
                assertThat(r.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.RedriveExecution"));
    }

    @Test
    void redriveOfARunningExecutionIsHarmless() {
        String running = startExecution("checkout-api", Instant.parse("2026-10-01T08:00:00Z"),
                Instant.now().plus(Duration.ofDays(1)));

        CliRun run = CliRun.run("redrive", running, "--endpoint-url", stepFunctions.endpoint().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Already running, nothing to redrive");
        sfn.stopExecution(b -> b.executionArn(running));
    }

    /** An execution that failed where a redrive resumes: at RecordOutcome, the table unreachable. */
    private String failedExecution() {
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine("{\"StartAt\":\"RecordOutcome\",\"States\":"
                + "{\"RecordOutcome\":{\"Type\":\"Fail\",\"Error\":\"DynamoDB.ResourceNotFoundException\","
                + "\"Cause\":\"table gone\"}}}"))).executionArn();
        assertThat(awaitEnd(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        return arn;
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn("arn:aws:iam::" + ACCOUNT + ":role/states")).stateMachineArn();
    }
}
