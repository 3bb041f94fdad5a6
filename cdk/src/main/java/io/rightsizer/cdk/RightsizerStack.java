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
import software.amazon.awscdk.Token;
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
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.RecursiveLoop;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps;
import software.amazon.awscdk.services.logs.CfnAccountPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketMetrics;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.nio.file.Path;
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

    /** Hours the stream keeps a record: Kinesis's included retention, no extended-retention charge. */
    static final int STREAM_RETENTION_HOURS = 24;
    /**
     * Ingest gives a record up to the dead-letter bucket once it is this old (-1..604800 s allowed): six hours before
     * the stream would drop it, so in an outage of DynamoDB or Step Functions every record reaches the bucket (with
     * its data) while it can still be read, however long the outage lasts.
     */
    static final int MAX_RECORD_AGE_SECONDS = (STREAM_RETENTION_HOURS - 6) * 3600;
    /** The id of the dead-letter bucket's request metrics filter (the whole bucket). */
    static final String DEAD_LETTER_METRICS_ID = "EntireBucket";
    /** Lambda's limit for all environment variables of a function together. */
    static final int LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;
    /**
     * What a value only known at deploy time (a table name, a state machine ARN) is assumed to take in an
     * environment: more than CloudFormation's generated names and ARNs of this stack reach.
     */
    static final int UNRESOLVED_VALUE_BYTES = 128;

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
    private final Bucket deadLetterBucket;
    private final Topic decisionsTopic;
    private final LayerVersion extensionLayerX86_64;
    private final LayerVersion extensionLayerArm64;
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
        // key grant of its own: a customer managed key would need a grant per producer. The stream follows
        // retainData (CDK's own default for a stream is Retain, which left it billing after cdk destroy). 24 hours is
        // enough retention because ingest gives records up to the dead-letter bucket long before they expire
        // (MAX_RECORD_AGE): extended retention would cost more than the stream (docs/ingest.md).
        Stream.Builder streamBuilder = Stream.Builder.create(this, "TelemetryStream")
                .encryption(StreamEncryption.MANAGED)
                .retentionPeriod(Duration.hours(STREAM_RETENTION_HOURS))
                .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
        if (settings.streamShards() == 0) {
            streamBuilder.streamMode(StreamMode.ON_DEMAND);
        } else {
            streamBuilder.streamMode(StreamMode.PROVISIONED).shardCount(settings.streamShards());
        }
        stream = streamBuilder.build();
        suppress(stream, "AwsSolutions-KDS3", "The AWS managed key (aws/kinesis) encrypts the stream so that"
                + " producers in other stacks need no KMS grant; the data is memory figures, not secrets.");

        // For a Kinesis source, an S3 on-failure destination receives the whole invocation record, records
        // included; SQS and SNS would get only shard and sequence numbers, useless once the stream dropped them.
        deadLetterBucket = Bucket.Builder.create(this, "IngestDeadLetterBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireUnreplayedBatches")
                        .expiration(Duration.days(settings.deadLetterDays()))
                        .build()))
                // Request metrics feed the alarm on new objects (billed only in hours with requests).
                .metrics(List.of(BucketMetrics.builder().id(DEAD_LETTER_METRICS_ID).build()))
                .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .autoDeleteObjects(!settings.retainData())
                .build();
        suppress(deadLetterBucket, "AwsSolutions-S1", "The bucket only receives the ingest event source mapping's"
                + " failed batches, written by Lambda with the ingest role; its request metrics and the alarm on"
                + " new objects watch it, and server access logs would need a second bucket.");

        // One layer per architecture: each holds the extension as a static binary for it, runtime-independent.
        // Their names also tell evaluate which functions were opted in one by one (they run one of them).
        String x86LayerName = name + "-extension-x86_64";
        String armLayerName = name + "-extension-arm64";
        extensionLayerX86_64 = publishExtensionLayer("ExtensionLayerX8664", x86LayerName,
                artifacts.extensionLayerX86_64(), Architecture.X86_64);
        extensionLayerArm64 = publishExtensionLayer("ExtensionLayerArm64", armLayerName,
                artifacts.extensionLayerArm64(), Architecture.ARM_64);

        // The AWS managed key (aws/sns): its key policy lets SNS use it for any principal of this account, so the
        // publisher needs sns:Publish only, and e-mail subscriptions need nothing. A customer managed key would need a
        // key policy and grants for the same protection at rest.
        decisionsTopic = Topic.Builder.create(this, "DecisionsTopic")
                .topicName(name + "-decisions")
                .displayName("Rightsizer decisions")
                .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();
        settings.notifyEmail().ifPresent(address -> decisionsTopic.addSubscription(new EmailSubscription(address)));

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
        evaluateEnv.putAll(settings.evaluateEnvironment(ownFunctions, List.of(x86LayerName, armLayerName)));
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
        applyEnv.put("DECISIONS_TOPIC_ARN", decisionsTopic.getTopicArn());
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
                .maxRecordAge(Duration.seconds(MAX_RECORD_AGE_SECONDS))
                .onFailure(new BucketOnFailure(deadLetterBucket))
                .build()));

        accountPolicy = settings.accountLogSubscription()
                ? accountSubscription(name, List.of(ingestName, evaluateName, applyName)) : null;

        StringParameter.Builder.create(this, "StreamArnParameter")
                .parameterName(PARAMETER_PREFIX + name + "/stream-arn")
                .description("The Rightsizer stream monitored functions write to")
                .stringValue(stream.getStreamArn())
                .build();
        // Per architecture. The single "extension-layer-arn" of earlier versions is gone on purpose: an app built with
        // the earlier construct then fails its deploy (parameter not found) instead of putting an x86_64 binary on
        // an arm64 function.
        StringParameter.Builder.create(this, "ExtensionLayerX8664ArnParameter")
                .parameterName(RightsizerEndpoints.layerParameterName(name, Architecture.X86_64))
                .description("The newest Rightsizer extension layer version for x86_64 functions")
                .stringValue(extensionLayerX86_64.getLayerVersionArn())
                .build();
        StringParameter.Builder.create(this, "ExtensionLayerArm64ArnParameter")
                .parameterName(RightsizerEndpoints.layerParameterName(name, Architecture.ARM_64))
                .description("The newest Rightsizer extension layer version for arm64 functions")
                .stringValue(extensionLayerArm64.getLayerVersionArn())
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

    /** The extension layer for functions of {@code architecture}. */
    public LayerVersion extensionLayer(Architecture architecture) {
        return RightsizerEndpoints.isArm64(architecture) ? extensionLayerArm64 : extensionLayerX86_64;
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

    public Bucket deadLetterBucket() {
        return deadLetterBucket;
    }

    /** The topic told about every memory change, rollback and recommendation. */
    public Topic decisionsTopic() {
        return decisionsTopic;
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
        return RightsizerEndpoints.of(stream.getStreamArn(), extensionLayerX86_64.getLayerVersionArn(),
                extensionLayerArm64.getLayerVersionArn());
    }

    private LayerVersion publishExtensionLayer(String id, String layerName, Path zip, Architecture architecture) {
        return LayerVersion.Builder.create(this, id)
                .layerVersionName(layerName)
                .description("Rightsizer extension (" + architecture.getName() + "): reports each invocation's peak"
                        + " memory to the Rightsizer stream")
                .code(Code.fromAsset(zip.toString()))
                .compatibleArchitectures(List.of(architecture))
                // Functions deployed from other stacks may still point at an older version.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
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
        requireEnvironmentFits(functionName, env);
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

    /**
     * Lambda refuses a function whose environment variables take more than 4 KB together, and CloudFormation would
     * only say so halfway through a deploy; the deny list is what grows. Values known only at deploy time count
     * {@link #UNRESOLVED_VALUE_BYTES} each (ingest adds STATE_MACHINE_ARN later, within that allowance).
     */
    private void requireEnvironmentFits(String functionName, Map<String, String> env) {
        int bytes = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            bytes += utf8(e.getKey()) + (Token.isUnresolved(e.getValue()) ? UNRESOLVED_VALUE_BYTES : utf8(e.getValue()));
        }
        if (functionName.endsWith("-ingest")) {
            bytes += utf8("STATE_MACHINE_ARN") + UNRESOLVED_VALUE_BYTES;
        }
        if (bytes <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
            return;
        }
        String denyList = env.get("DENY_LIST");
        String why = denyList == null ? "" : ": the denyList (" + settings.denyList().size() + " entries, "
                + utf8(denyList) + " bytes with Rightsizer's own functions) does not fit. Deny functions by name"
                + " rather than by ARN where the name is unique in this account and Region, or tag them "
                + settings.excludeTag() + "=true instead (evaluate and apply refuse tagged functions too)";
        throw new IllegalArgumentException("The environment of " + functionName + " would take about " + bytes
                + " bytes, over Lambda's limit of 4 KB (" + LAMBDA_ENVIRONMENT_LIMIT_BYTES
                + " bytes) for all environment variables of a function together" + why);
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * The dead-letter bucket as the event source mapping's on-failure destination, granting exactly what Lambda needs
     * to write there with the function's role ({@code s3:PutObject} and {@code s3:ListBucket}); the CDK's own
     * S3OnFailureDestination grants read and write with wildcard actions.
     */
    private static final class BucketOnFailure implements IEventSourceDlq {
        private final Bucket bucket;

        BucketOnFailure(Bucket bucket) {
            this.bucket = bucket;
        }

        @Override
        public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
            targetHandler.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("WriteFailedBatches")
                    .actions(List.of("s3:PutObject", "s3:ListBucket"))
                    .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
                    .build());
            return DlqDestinationConfig.builder().destination(bucket.getBucketArn()).build();
        }
    }

    /** Called last, when every policy statement exists: the reasons for the AWS Solutions findings we accept. */
    private void justifyRuleExceptions() {
        for (Function fn : List.of(ingestFunction, evaluateFunction, applyFunction)) {
            suppress((Role) fn.getRole(), "AwsSolutions-IAM5", "X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) and"
                    + " cloudwatch:GetMetricData support no resource-level permissions; the lambda actions on"
                    + " function:* are scoped to this account and"
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
        // Invocations, errors and durations are Lambda's own metrics, read once per evaluation (ingest does not
        // count them); GetMetricData supports no resource-level permission.
        evaluateFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadLambdaMetrics")
                .actions(List.of("cloudwatch:GetMetricData"))
                .resources(List.of("*"))
                .build());
        evaluateFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadFunctionConfiguration")
                .actions(List.of("lambda:GetFunction", "lambda:ListTags"))
                .resources(List.of(anyFunction))
                .build());

        grantTable(applyFunction, "RecordDecisions", APPLY_TABLE_ACTIONS);
        applyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("NotifyDecisions")
                .actions(List.of("sns:Publish"))
                .resources(List.of(decisionsTopic.getTopicArn()))
                .build());
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
        String replay = "rightsizer replay --outputs-file cdk-outputs.json" + (name.equals(DEFAULT_STACK_NAME) ? ""
                : " --stack " + name);
        alarm("IngestErrorsAlarm", name + "-ingest-errors",
                "ingest-fn failed; batches are retried, then bisected, then written to the dead-letter bucket "
                        + deadLetterBucket.getBucketName() + " (replay them with: " + replay + ")",
                ingestFunction.metricErrors(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Sum").build()),
                1, 1);
        alarm("IngestIteratorAgeAlarm", name + "-ingest-iterator-age",
                "Reports wait more than an hour on the stream; after " + (MAX_RECORD_AGE_SECONDS / 3600)
                        + " hours ingest gives them to the dead-letter bucket " + deadLetterBucket.getBucketName()
                        + " (the stream keeps them " + STREAM_RETENTION_HOURS + " hours)",
                Metric.Builder.create()
                        .namespace("AWS/Lambda").metricName("IteratorAge")
                        .dimensionsMap(Map.of("FunctionName", ingestFunction.getFunctionName()))
                        .statistic("Maximum").period(Duration.minutes(5)).build(),
                3_600_000, 3);
        alarm("DeadLetterAlarm", name + "-ingest-dead-letters",
                "Ingest gave up on batches and wrote them, records included, to the dead-letter bucket "
                        + deadLetterBucket.getBucketName() + " (objects expire after " + settings.deadLetterDays()
                        + " days). Fix the cause (see the ingest-fn logs), then put them back on the stream with: "
                        + replay,
                Metric.Builder.create()
                        .namespace("AWS/S3").metricName("PutRequests")
                        .dimensionsMap(Map.of("BucketName", deadLetterBucket.getBucketName(),
                                "FilterId", DEAD_LETTER_METRICS_ID))
                        .statistic("Sum").period(Duration.minutes(5)).build(),
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
        output("ExtensionLayerArn", extensionLayerX86_64.getLayerVersionArn(), "Add to monitored x86_64 functions");
        output("ExtensionLayerArm64Arn", extensionLayerArm64.getLayerVersionArn(), "Add to monitored arm64 functions");
        output("Region", Aws.REGION, "Where Rightsizer runs");
        output("DecisionsTopicArn", decisionsTopic.getTopicArn(),
                "One message per memory change, rollback and recommendation: subscribe to it");
        output("DeadLetterBucketName", deadLetterBucket.getBucketName(),
                "Batches ingest gave up on, records included: rightsizer replay puts them back on the stream");
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
