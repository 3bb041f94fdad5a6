package io.rightsizer.evaluate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.core.config.ControlPlaneRetry;
import io.rightsizer.core.store.dynamodb.DynamoDbUsageStore;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/** The Evaluate and Verify task: maps the task input, runs the evaluation, maps the result. */
public final class EvaluateHandler implements RequestStreamHandler {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private final WindowEvaluation evaluation;

    /** For Lambda: settings from the environment (failing init with a clear message), clients built once. */
    public EvaluateHandler() {
        this(fromEnvironment());
    }

    public EvaluateHandler(WindowEvaluation evaluation) {
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EvaluateRequest request;
        try {
            request = JSON.readValue(input, EvaluateRequest.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw e.getCause() instanceof InvalidEvaluateRequestException invalid ? invalid
                    : new InvalidEvaluateRequestException("unreadable task input: " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidEvaluateRequestException("unreadable task input: " + e.getOriginalMessage());
        }
        Object result = handle(request);
        if (context != null) {
            // One line per task in the function's log: what was asked and what came of it.
            context.getLogger().log(JSON.writeValueAsString(java.util.Map.of("request", request, "result", result)));
        }
        JSON.writeValue(output, result);
    }

    /** The task's work without the stream mapping: an {@link EvaluateResult} or, in verify mode, a {@link VerifyResult}. */
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
        LambdaFunctionReader reader = new LambdaFunctionReader(lambda, ControlPlaneRetry.standard());
        return new WindowEvaluation(reader::read, new DynamoDbUsageStore(dynamo, settings.tableName()), settings,
                Clock.systemUTC());
    }
}
