package io.rightsizer.evaluate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.aws.cloudwatch.CloudWatchFunctionMetrics;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.lambda.ControlPlaneRetry;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.domain.usage.UsageWithMetrics;
import io.rightsizer.function.JsonTaskHandler;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Clock;
import java.util.Objects;

/** The Evaluate and Verify task: maps the task input, runs the evaluation, maps the result. */
public final class EvaluateHandler extends JsonTaskHandler<EvaluateRequest, Object> {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private final WindowEvaluation evaluation;

    /** For Lambda: settings from the environment (failing init with a clear message), clients built once. */
    public EvaluateHandler() {
        this(fromEnvironment());
    }

    public EvaluateHandler(WindowEvaluation evaluation) {
        super(JSON, EvaluateRequest.class, InvalidEvaluateRequestException.class,
                InvalidEvaluateRequestException::new);
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    }

    /** The task's work without the stream mapping: an {@link EvaluateResult} or, in verify mode, a {@link VerifyResult}. */
    @Override
    public Object handle(EvaluateRequest request) {
        return request.verify() ? evaluation.verify(request) : evaluation.evaluate(request);
    }

    private static WindowEvaluation fromEnvironment() {
        EvaluateSettings settings = EvaluateSettings.fromEnvironment(System.getenv());
        LambdaClient lambda = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        CloudWatchClient cloudWatch = CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        LambdaFunctions reader = new LambdaFunctions(lambda, ControlPlaneRetry.standard());
        // Ingest stores maxima, versions, out-of-memory and timeouts; invocations, errors and durations are the ones
        // Lambda publishes to CloudWatch (exact, and not written per batch).
        UsageStore usage = new UsageWithMetrics(new DynamoDbUsageStore(dynamo, settings.tableName()),
                new CloudWatchFunctionMetrics(cloudWatch));
        return new WindowEvaluation(reader::read, usage, new DynamoDbDecisionLog(dynamo, settings.tableName()),
                settings, Clock.systemUTC());
    }
}
