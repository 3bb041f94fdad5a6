package io.rightsizer.evaluate;

import io.rightsizer.core.config.ControlPlaneRetry;
import io.rightsizer.core.config.FunctionConfig;
import io.rightsizer.core.config.FunctionNotFoundException;
import io.rightsizer.core.cost.Architecture;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.time.Duration;
import java.util.Objects;

/**
 * Reads a function's configuration and tags with one {@code GetFunction} call (its own 100 req/s throttle, apart
 * from the 15 req/s shared by the other control-plane calls), backing off when throttled.
 */
public final class LambdaFunctionReader {

    private final LambdaClient lambda;
    private final ControlPlaneRetry retry;

    public LambdaFunctionReader(LambdaClient lambda, ControlPlaneRetry retry) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * The function's configuration and tags.
     *
     * @throws FunctionNotFoundException when the function does not exist (any more)
     */
    public FunctionConfig read(String functionArn) {
        GetFunctionResponse r;
        try {
            r = retry.call("GetFunction " + functionArn, () -> lambda.getFunction(b -> b.functionName(functionArn)),
                    LambdaFunctionReader::retryAfter);
        } catch (ResourceNotFoundException e) {
            throw new FunctionNotFoundException("function not found: " + functionArn, e);
        }
        FunctionConfiguration c = r.configuration();
        Architecture arch = c.architecturesAsStrings().isEmpty() ? Architecture.X86_64
                : Architecture.parse(c.architecturesAsStrings().get(0));
        return new FunctionConfig(functionArn, c.functionName(), c.memorySize(), c.revisionId(),
                c.lastUpdateStatusAsString(), c.stateAsString(), arch, r.tags());
    }

    private static Duration retryAfter(RuntimeException e) {
        if (e instanceof TooManyRequestsException t && t.retryAfterSeconds() != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(t.retryAfterSeconds().trim()));
            } catch (NumberFormatException ignored) {
                return Duration.ZERO;
            }
        }
        return e instanceof TooManyRequestsException || e instanceof ServiceException
                || e instanceof SdkClientException ? Duration.ZERO : null;
    }
}
