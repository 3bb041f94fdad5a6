package io.rightsizer.apply;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.aws.sns.SnsDecisionNotifier;
import io.rightsizer.domain.decision.DecisionNotifier;
import io.rightsizer.function.JsonTaskHandler;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Clock;
import java.util.Objects;

/** The Apply and Rollback task: maps the task input, runs the guarded change, maps the result. */
public final class ApplyHandler extends JsonTaskHandler<ApplyRequest, ApplyResult> {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private final GuardedMemoryChange change;
    private final Runnable countFailedNotification;

    /** For Lambda: settings from the environment (failing init with a clear message), clients built once. */
    public ApplyHandler() {
        this(fromEnvironment(), ApplyHandler::publishFailedNotification);
    }

    /** A handler that counts failed notifications nowhere (they still show in the result). */
    public ApplyHandler(GuardedMemoryChange change) {
        this(change, () -> { });
    }

    /** @param countFailedNotification called once per notification that could not be sent */
    public ApplyHandler(GuardedMemoryChange change, Runnable countFailedNotification) {
        super(JSON, ApplyRequest.class, InvalidApplyRequestException.class, InvalidApplyRequestException::new);
        this.change = Objects.requireNonNull(change, "change");
        this.countFailedNotification = Objects.requireNonNull(countFailedNotification, "countFailedNotification");
    }

    /** The task's work without the stream mapping. */
    @Override
    public ApplyResult handle(ApplyRequest request) {
        ApplyResult result = change.run(request);
        if (result.notification() != null && result.notification().startsWith(GuardedMemoryChange.NOTIFICATION_FAILED)) {
            // The change stands and the step succeeds; the metric (and its alarm) tells the operator.
            countFailedNotification.run();
        }
        return result;
    }

    /** One {@code DecisionNotificationsFailed} count in the function's CloudWatch metrics (EMF). */
    private static void publishFailedNotification() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.addMetric("DecisionNotificationsFailed", 1, MetricUnit.COUNT);
        metrics.flush();
    }

    private static GuardedMemoryChange fromEnvironment() {
        ApplySettings settings = ApplySettings.fromEnvironment(System.getenv());
        LambdaClient lambda = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                // The configurator backs off itself; SDK retries would hide how many calls a change costs.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        DecisionNotifier notifier = settings.decisionsTopicArn()
                .<DecisionNotifier>map(topic -> new SnsDecisionNotifier(SnsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        // A message is best effort: it must not hold the step (and its change) for long.
                        .overrideConfiguration(o -> o.apiCallTimeout(java.time.Duration.ofSeconds(10)))
                        .build(), topic))
                .orElse(DecisionNotifier.NONE);
        return new GuardedMemoryChange(LambdaFunctions.standard(lambda),
                new DynamoDbDecisionLog(dynamo, settings.tableName()), settings, Clock.systemUTC(), notifier);
    }
}
