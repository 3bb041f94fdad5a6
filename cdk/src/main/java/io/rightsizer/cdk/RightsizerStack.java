package io.rightsizer.cdk;

import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.RecursiveLoop;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.CfnAccountPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Rightsizer runs on: the stream the telemetry arrives on, the usage table, the three functions, the
 * state machine, the extension layer, log groups, alarms and the outputs the CLI reads.
 */
public final class RightsizerStack extends Stack {

    /** The stack name the app uses unless told otherwise. */
    public static final String DEFAULT_STACK_NAME = "Rightsizer";
    /** Parameter Store prefix under which the stack publishes what monitored functions need. */
    public static final String PARAMETER_PREFIX = "/rightsizer/";

    /** The filter that keeps only the per-invocation report of a log group: text REPORT lines and JSON reports. */
    static final String REPORT_FILTER_PATTERN = "?\"REPORT RequestId\" ?\"platform.report\"";

    private static final Runtime RUNTIME = Runtime.JAVA_21;
    // Exactly the item calls each function's code makes (no batch calls, no Scan, no DeleteItem, nothing table-level):
    // ingest reads and claims a function's WINDOW item (GetItem, PutItem, UpdateItem) and adds to day items
    // (UpdateItem); evaluate reads a window of day items (Query); apply records decisions (PutItem) and finds
    // earlier ones (Query).
    static final List<String> INGEST_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem");
    static final List<String> EVALUATE_TABLE_ACTIONS = List.of("dynamodb:Query");
    static final List<String> APPLY_TABLE_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:Query");
    private static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private final RightsizerSettings settings;
    private final Table table;
    private final Stream stream;
    private final Queue deadLetterQueue;
    private final LayerVersion extensionLayer;
    private final Function ingestFunction;
    private final Function evaluateFunction;
    private final Function applyFunction;
    private final StateMachine stateMachine;
    private final LogGroup executionLogGroup;
    private final List<Alarm> alarms = new ArrayList<>();
    private final CfnAccountPolicy accountPolicy;

    public RightsizerStack(Construct scope, String id, StackProps props, RightsizerSettings settings,
                           RightsizerArtifacts artifacts) {
        super(scope, id, props);
        this.settings = Objects.requireNonNull(settings, "settings");
        artifacts.requireAllPresent();
        StateMachineDefinition definition = StateMachineDefinition.read(artifacts.stateMachineAsl());
        String name = getStackName();
        if (name.length() > 50) {
            throw new IllegalArgumentException("The stack name must be at most 50 characters (function names derive"
                    + " from it), got " + name.length() + ": " + name);
        }
        String ingestName = name + "-ingest";
        String evaluateName = name + "-evaluate";
        String applyName = name + "-apply";
        List<String> ownFunctions = List.of(ingestName, evaluateName, applyName);
        RetentionDays retention = retention(settings.logRetentionDays());

        table = Table.Builder.create(this, "UsageTable")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiresAt")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        // The AWS managed key encrypts at rest while every monitored function, in any stack, may write with no
        // key grant of its own: a customer managed key would need a grant per producer.
        Stream.Builder streamBuilder = Stream.Builder.create(this, "TelemetryStream")
                .encryption(StreamEncryption.MANAGED)
                .retentionPeriod(Duration.hours(24));
        if (settings.streamShards() == 0) {
            streamBuilder.streamMode(StreamMode.ON_DEMAND);
        } else {
            streamBuilder.streamMode(StreamMode.PROVISIONED).shardCount(settings.streamShards());
        }
        stream = streamBuilder.build();
        suppress(stream, "AwsSolutions-KDS3", "The AWS managed key (aws/kinesis) encrypts the stream so that"
                + " producers in other stacks need no KMS grant; the data is memory figures, not secrets.");

        deadLetterQueue = Queue.Builder.create(this, "IngestDeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        suppress(deadLetterQueue, "AwsSolutions-SQS3", "This queue is the on-failure destination of the ingest"
                + " event source mapping: it is the dead-letter queue.");

        extensionLayer = LayerVersion.Builder.create(this, "ExtensionLayer")
                .layerVersionName(name + "-extension")
                .description("Rightsizer extension: reports each invocation's peak memory to the Rightsizer stream")
                .code(Code.fromAsset(artifacts.extensionLayer().toString()))
                // Its runtime image is x86_64; on arm64 the launcher falls back to the function's own Java 17+
                // (RightsizerMonitor refuses other arm64 functions).
                .compatibleArchitectures(List.of(Architecture.X86_64, Architecture.ARM_64))
                // Functions deployed from other stacks may still point at an older version.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        Map<String, String> ingestEnv = new LinkedHashMap<>();
        ingestEnv.put("TABLE_NAME", table.getTableName());
        ingestEnv.put("WINDOW_DAYS", Integer.toString(settings.windowDays()));
        ingestEnv.put("DAY_TTL_DAYS", Integer.toString(settings.dayTtlDays()));
        // Ingest must not open a function's next window while the previous execution still watches its change: it
        // knows the guard period (the same WATCH_SECONDS apply-fn reads) and checks the grace against it.
        ingestEnv.put("WATCH_SECONDS", Long.toString(settings.guardPeriodSeconds()));
        ingestEnv.put("WINDOW_CLOSE_GRACE_DAYS", Integer.toString(settings.windowCloseGraceDays()));
        ingestFunction = function("Ingest", ingestName, "io.rightsizer.ingest.IngestHandler::handleRequest",
                artifacts.ingestJar().toString(), "rightsizer-ingest", 1024, Duration.minutes(5), ingestEnv, retention,
                "Folds reports from the Rightsizer stream into daily usage and starts sizing windows");

        Map<String, String> evaluateEnv = new LinkedHashMap<>();
        evaluateEnv.put("TABLE_NAME", table.getTableName());
        evaluateEnv.putAll(settings.evaluateEnvironment(ownFunctions));
        evaluateFunction = function("Evaluate", evaluateName, "io.rightsizer.evaluate.EvaluateHandler::handleRequest",
                artifacts.evaluateJar().toString(), "rightsizer-evaluate", 512, Duration.minutes(1), evaluateEnv,
                retention,
                "Decides a function's memory from its window of daily usage");

        Map<String, String> applyEnv = new LinkedHashMap<>();
        applyEnv.put("TABLE_NAME", table.getTableName());
        applyEnv.put("DRY_RUN", Boolean.toString(settings.dryRun()));
        applyEnv.put("WATCH_SECONDS", Long.toString(settings.guardPeriodSeconds()));
        applyEnv.put("EXCLUDE_TAG", settings.excludeTag());
        applyEnv.put("DENY_LIST", String.join(",", settings.fullDenyList(ownFunctions)));
        applyFunction = function("Apply", applyName, "io.rightsizer.apply.ApplyHandler::handleRequest",
                artifacts.applyJar().toString(), "rightsizer-apply", 512, Duration.minutes(5), applyEnv, retention,
                "Sets a function's memory (or rolls it back) and records the outcome");

        for (Function own : List.of(ingestFunction, evaluateFunction, applyFunction)) {
            Tags.of(own).add(settings.excludeTag(), "true");
        }

        grantFunctionAccess();

        executionLogGroup = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName(executionLogGroupName(name))
                .retention(retention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(name)
                .stateMachineType(StateMachineType.STANDARD)
                .comment("One execution per function and sizing window")
                .definitionBody(DefinitionBody.fromString(definition.text()))
                .definitionSubstitutions(Map.of(
                        StateMachineDefinition.EVALUATE_FUNCTION_ARN, evaluateFunction.getFunctionArn(),
                        StateMachineDefinition.APPLY_FUNCTION_ARN, applyFunction.getFunctionArn(),
                        StateMachineDefinition.TABLE_NAME, table.getTableName()))
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(executionLogGroup)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .build();
        grantStateMachineIntegrations(definition);

        ingestFunction.addEnvironment("STATE_MACHINE_ARN", stateMachine.getStateMachineArn());
        ingestFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("StartSizingWindows")
                .actions(List.of("states:StartExecution"))
                .resources(List.of(stateMachine.getStateMachineArn()))
                .build());
        ingestFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("DescribeSizingWindows")
                .actions(List.of("states:DescribeExecution"))
                .resources(List.of(executionArns(name)))
                .build());
        ingestFunction.addEventSource(new KinesisEventSource(stream, KinesisEventSourceProps.builder()
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(settings.ingestBatchSize())
                .maxBatchingWindow(Duration.seconds(settings.ingestBatchingWindowSeconds()))
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(settings.ingestRetryAttempts())
                .parallelizationFactor(1)
                .onFailure(new SqsDlq(deadLetterQueue))
                .build()));

        accountPolicy = settings.accountLogSubscription()
                ? accountSubscription(name, List.of(ingestName, evaluateName, applyName)) : null;

        StringParameter.Builder.create(this, "StreamArnParameter")
                .parameterName(PARAMETER_PREFIX + name + "/stream-arn")
                .description("The Rightsizer stream monitored functions write to")
                .stringValue(stream.getStreamArn())
                .build();
        StringParameter.Builder.create(this, "ExtensionLayerArnParameter")
                .parameterName(PARAMETER_PREFIX + name + "/extension-layer-arn")
                .description("The newest Rightsizer extension layer version")
                .stringValue(extensionLayer.getLayerVersionArn())
                .build();

        alarms(name);
        outputs();
        justifyRuleExceptions();
    }

    /** The settings this stack was built with. */
    public RightsizerSettings settings() {
        return settings;
    }

    public Table table() {
        return table;
    }

    public Stream stream() {
        return stream;
    }

    public LayerVersion extensionLayer() {
        return extensionLayer;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Function ingestFunction() {
        return ingestFunction;
    }

    public Function evaluateFunction() {
        return evaluateFunction;
    }

    public Function applyFunction() {
        return applyFunction;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** The account-level subscription filter policy, when {@code accountLogSubscription} is on. */
    public Optional<CfnAccountPolicy> accountSubscriptionPolicy() {
        return Optional.ofNullable(accountPolicy);
    }

    /** What a monitored function needs from this stack (same CDK app). */
    public RightsizerEndpoints endpoints() {
        return RightsizerEndpoints.of(stream.getStreamArn(), extensionLayer.getLayerVersionArn());
    }

    private Function function(String id, String functionName, String handler, String jar, String service,
                              int memoryMb, Duration timeout, Map<String, String> environment, RetentionDays retention,
                              String description) {
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(retention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // An own role with inline statements only: no managed policy, and log writes scoped to this log group.
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs " + functionName)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("POWERTOOLS_SERVICE_NAME", service);
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Rightsizer");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        Function fn = Function.Builder.create(this, id + "Function")
                .functionName(functionName)
                .description(description)
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(Code.fromAsset(jar))
                .memorySize(memoryMb)
                .timeout(timeout)
                .role(role)
                .logGroup(logGroup)
                .tracing(Tracing.ACTIVE)
                .recursiveLoop(RecursiveLoop.TERMINATE)
                .environment(env)
                .build();
        return fn;
    }

    /** Called last, when every policy statement exists: the reasons for the AWS Solutions findings we accept. */
    private void justifyRuleExceptions() {
        for (Function fn : List.of(ingestFunction, evaluateFunction, applyFunction)) {
            suppress((Role) fn.getRole(), "AwsSolutions-IAM5", "X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no"
                    + " resource-level permissions; the lambda actions on function:* are scoped to this account and"
                    + " region because any opted-in function may be sized (tagged functions are denied);"
                    + " DescribeExecution is scoped to this state machine's executions.");
            suppress(fn, "AwsSolutions-L1", "The functions are built for the java21 runtime; moving on is a"
                    + " deliberate change of the build, not of the stack.");
        }
        suppress(stateMachine, "AwsSolutions-IAM5", "Step Functions log delivery (logs:CreateLogDelivery, ...)"
                + " and X-Ray (xray:PutTraceSegments, ...) support no resource-level permissions;"
                + " lambda:InvokeFunction on <function ARN>:* covers versions of Rightsizer's own two functions only.");
    }

    private void grantFunctionAccess() {
        String anyFunction = Arn.format(ArnComponents.builder()
                .service("lambda").resource("function").resourceName("*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build(), this);

        grantTable(ingestFunction, "ReadWriteUsage", INGEST_TABLE_ACTIONS);

        grantTable(evaluateFunction, "ReadUsage", EVALUATE_TABLE_ACTIONS);
        evaluateFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadFunctionConfiguration")
                .actions(List.of("lambda:GetFunction", "lambda:ListTags"))
                .resources(List.of(anyFunction))
                .build());

        grantTable(applyFunction, "RecordDecisions", APPLY_TABLE_ACTIONS);
        applyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ResizeFunctionsOfThisAccountAndRegion")
                // GetFunction returns a function's tags only to a caller also allowed lambda:ListTags.
                .actions(List.of("lambda:GetFunction", "lambda:ListTags", "lambda:UpdateFunctionConfiguration"))
                .resources(List.of(anyFunction))
                .build());
        // The same rule as the decision (tag value "true", any case), enforced by IAM as well, so a bug in the
        // decision path still cannot touch an excluded function: an explicit Deny beats every Allow.
        applyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("NeverResizeExcludedFunctions")
                .effect(Effect.DENY)
                .actions(List.of("lambda:UpdateFunctionConfiguration"))
                .resources(List.of(anyFunction))
                .conditions(Map.of("StringEqualsIgnoreCase",
                        Map.of("aws:ResourceTag/" + settings.excludeTag(), "true")))
                .build());
    }

    private void grantTable(Function fn, String sid, List<String> actions) {
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .build());
    }

    private void grantStateMachineIntegrations(StateMachineDefinition definition) {
        for (String placeholder : definition.invokedFunctions()) {
            Function target = placeholder.equals(StateMachineDefinition.EVALUATE_FUNCTION_ARN)
                    ? evaluateFunction : applyFunction;
            target.grantInvoke(stateMachine);
        }
        List<String> dynamoDbActions = definition.dynamoDbActions();
        if (!dynamoDbActions.isEmpty()) {
            stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("RecordOutcomes")
                    .actions(dynamoDbActions)
                    .resources(List.of(table.getTableArn()))
                    .build());
        }
    }

    private static String executionLogGroupName(String stackName) {
        return "/aws/vendedlogs/states/" + stackName + "-executions";
    }

    private String executionArns(String stateMachineName) {
        return Arn.format(ArnComponents.builder()
                .service("states").resource("execution").resourceName(stateMachineName + ":*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build(), this);
    }

    private CfnAccountPolicy accountSubscription(String name, List<String> ownFunctions) {
        Role logsRole = Role.Builder.create(this, "AccountSubscriptionRole")
                .description("Lets CloudWatch Logs put REPORT lines on the Rightsizer stream")
                .assumedBy(new ServicePrincipal("logs.amazonaws.com").withConditions(Map.of(
                        "StringLike", Map.of("aws:SourceArn", Arn.format(ArnComponents.builder()
                                .service("logs").resource("*").arnFormat(ArnFormat.NO_RESOURCE_NAME).build(), this)))))
                .build();
        logsRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("PutReportLines")
                .actions(List.of("kinesis:PutRecord", "kinesis:PutRecords"))
                .resources(List.of(stream.getStreamArn()))
                .build());
        List<String> excluded = new ArrayList<>();
        for (String fn : ownFunctions) {
            excluded.add("\"/aws/lambda/" + fn + "\"");
        }
        excluded.add("\"" + executionLogGroupName(name) + "\"");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("DestinationArn", stream.getStreamArn());
        document.put("RoleArn", logsRole.getRoleArn());
        document.put("FilterPattern", REPORT_FILTER_PATTERN);
        document.put("Distribution", "Random");
        CfnAccountPolicy policy = CfnAccountPolicy.Builder.create(this, "AccountSubscriptionPolicy")
                .policyName(name + "-report-lines")
                .policyType("SUBSCRIPTION_FILTER_POLICY")
                .scope("ALL")
                .policyDocument(toJsonString(document))
                // Rightsizer's own log groups stay out, or ingest would feed on its own reports.
                .selectionCriteria("LogGroupName NOT IN [" + String.join(", ", excluded) + "]")
                .build();
        policy.getNode().addDependency(logsRole);
        return policy;
    }

    private void alarms(String name) {
        alarm("IngestErrorsAlarm", name + "-ingest-errors",
                "ingest-fn failed; batches are retried, then bisected, then sent to the dead-letter queue",
                ingestFunction.metricErrors(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Sum").build()),
                1, 1);
        alarm("IngestIteratorAgeAlarm", name + "-ingest-iterator-age",
                "Reports wait more than an hour on the stream (it keeps them for 24 hours)",
                Metric.Builder.create()
                        .namespace("AWS/Lambda").metricName("IteratorAge")
                        .dimensionsMap(Map.of("FunctionName", ingestFunction.getFunctionName()))
                        .statistic("Maximum").period(Duration.minutes(5)).build(),
                3_600_000, 3);
        alarm("DeadLetterQueueAlarm", name + "-ingest-dead-letters",
                "Reports ingest gave up on are waiting in the dead-letter queue",
                deadLetterQueue.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder()
                                .period(Duration.minutes(5)).statistic("Maximum").build()),
                1, 1);
        MetricOptions sum = MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Sum").build();
        alarm("FailedExecutionsAlarm", name + "-failed-executions",
                "A sizing execution failed or timed out; see the Step Functions console and restart or redrive it",
                MathExpression.Builder.create()
                        .expression("FILL(failed, 0) + FILL(timedOut, 0)")
                        .usingMetrics(Map.of(
                                "failed", stateMachine.metricFailed(sum),
                                "timedOut", stateMachine.metricTimedOut(sum)))
                        .label("Failed and timed-out executions")
                        .period(Duration.minutes(5))
                        .build(),
                1, 1);
    }

    private void alarm(String id, String alarmName, String description, IMetric metric, double threshold,
                       int evaluationPeriods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(alarmName)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(evaluationPeriods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        settings.alarmTopicArn().ifPresent(arn -> {
            SnsAction action = new SnsAction(Topic.fromTopicArn(this, id + "Topic", arn));
            alarm.addAlarmAction(action);
            alarm.addOkAction(action);
        });
        alarms.add(alarm);
    }

    private void outputs() {
        output("TableName", table.getTableName(), "The usage and decision table");
        output("StateMachineArn", stateMachine.getStateMachineArn(), "One execution per function and window");
        output("StreamName", stream.getStreamName(), "Monitored functions write their reports here");
        output("StreamArn", stream.getStreamArn(), "Set as RIGHTSIZER_STREAM on monitored functions");
        output("ExtensionLayerArn", extensionLayer.getLayerVersionArn(), "Add to monitored functions");
        output("Region", Aws.REGION, "Where Rightsizer runs");
        output("DeadLetterQueueUrl", deadLetterQueue.getQueueUrl(), "Batches ingest gave up on");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /**
     * Records a justified exception to an AWS Solutions rule on every CloudFormation resource below the construct
     * (in the metadata format the rule pack reads), so a user who runs the pack over their pipeline sees the reason.
     */
    static void suppress(Construct construct, String rule, String reason) {
        for (IConstruct child : construct.getNode().findAll()) {
            if (child instanceof CfnResource resource) {
                Object existing = resource.getCfnOptions().getMetadata() == null ? null
                        : resource.getCfnOptions().getMetadata().get("cdk_nag");
                List<Object> rules = new ArrayList<>();
                if (existing instanceof Map<?, ?> m && m.get("rules_to_suppress") instanceof List<?> l) {
                    rules.addAll(l);
                }
                rules.add(Map.of("id", rule, "reason", reason));
                resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
            }
        }
    }

    private static RetentionDays retention(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 120 -> RetentionDays.FOUR_MONTHS;
            case 150 -> RetentionDays.FIVE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> throw new IllegalArgumentException("Unsupported log retention: " + days + " days");
        };
    }
}
