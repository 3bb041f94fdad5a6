package io.rightsizer.evaluate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.core.config.ControlPlaneRetry;
import io.rightsizer.core.store.dynamodb.DynamoDbUsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

/** The Evaluate and Verify task: maps the task input, runs the evaluation, maps the result. */
public final class EvaluateHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateHandler.class);

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
        if (context == null) {
            respond(input, output);
            return;
        }
        try {
            // Powertools' JSON logging with the invocation's context keys (request id, cold start, function).
            PowertoolsLogging.withLogging(context, () -> {
                try {
                    respond(input, output);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void respond(InputStream input, OutputStream output) throws IOException {
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
        // One line per task in the function's log: what was asked and what came of it.
        LOG.info("Task done", json("request", JSON.writeValueAsString(request)),
                json("result", JSON.writeValueAsString(result)));
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
