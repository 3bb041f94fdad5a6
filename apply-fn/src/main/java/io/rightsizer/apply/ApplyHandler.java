package io.rightsizer.apply;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.aws.lambda.LambdaFunctions;
import io.rightsizer.function.JsonTaskHandler;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Clock;
import java.util.Objects;

/** The Apply and Rollback task: maps the task input, runs the guarded change, maps the result. */
public final class ApplyHandler extends JsonTaskHandler<ApplyRequest, ApplyResult> {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private final GuardedMemoryChange change;

    /** For Lambda: settings from the environment (failing init with a clear message), clients built once. */
    public ApplyHandler() {
        this(fromEnvironment());
    }

    public ApplyHandler(GuardedMemoryChange change) {
        super(JSON, ApplyRequest.class, InvalidApplyRequestException.class, InvalidApplyRequestException::new);
        this.change = Objects.requireNonNull(change, "change");
    }

    /** The task's work without the stream mapping. */
    @Override
    public ApplyResult handle(ApplyRequest request) {
        return change.run(request);
    }

    private static GuardedMemoryChange fromEnvironment() {
        ApplySettings settings = ApplySettings.fromEnvironment(System.getenv());
        LambdaClient lambda = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                // The configurator backs off itself; SDK retries would hide how many calls a change costs.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        return new GuardedMemoryChange(LambdaFunctions.standard(lambda),
                new DynamoDbDecisionLog(dynamo, settings.tableName()), settings, Clock.systemUTC());
    }
}
