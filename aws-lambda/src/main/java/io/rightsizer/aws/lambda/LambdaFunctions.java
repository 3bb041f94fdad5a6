package io.rightsizer.aws.lambda;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.function.ConfigurationChangedException;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.function.FunctionNotFoundException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The one adapter of the Lambda control plane, the {@link FunctionConfigurator} evaluate-fn reads with and apply-fn
 * changes with: {@code GetFunction} to read and to poll (it has its own 100 req/s
 * throttle, apart from the 15 req/s the other control-plane calls share), {@code UpdateFunctionConfiguration} with
 * {@code RevisionId} to change.
 */
public final class LambdaFunctions implements FunctionConfigurator {

    private final LambdaClient lambda;
    private final ControlPlaneRetry retry;

    /** Backoff per {@code retry}; no call waits for an update to finish (the state machine polls between tasks). */
    public LambdaFunctions(LambdaClient lambda, ControlPlaneRetry retry) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** Real pauses: backoff per {@link ControlPlaneRetry#standard()}. */
    public static LambdaFunctions standard(LambdaClient lambda) {
        return new LambdaFunctions(lambda, ControlPlaneRetry.standard());
    }

    @Override
    public FunctionConfig read(String functionArn) {
        GetFunctionResponse r = guarded("GetFunction " + functionArn, functionArn,
                () -> lambda.getFunction(b -> b.functionName(functionArn)));
        return map(r.configuration(), r.tags());
    }

    @Override
    public FunctionConfig updateMemory(String functionArn, int memoryMb, String revisionId) {
        UpdateFunctionConfigurationResponse r;
        try {
            r = guarded("UpdateFunctionConfiguration " + functionArn, functionArn,
                    () -> lambda.updateFunctionConfiguration(b -> b.functionName(functionArn).memorySize(memoryMb)
                            .revisionId(revisionId)));
        } catch (PreconditionFailedException e) {
            throw new ConfigurationChangedException("the configuration of " + functionArn
                    + " changed since it was read (revision " + revisionId + " no longer current)", e);
        }
        return new FunctionConfig(r.functionArn() == null ? functionArn : unqualified(r.functionArn()),
                r.functionName(), r.memorySize(), r.revisionId(), r.lastUpdateStatusAsString(), r.stateAsString(),
                architecture(r.architecturesAsStrings()), Map.of());
    }

    private <T> T guarded(String what, String functionArn, java.util.function.Supplier<T> call) {
        try {
            return retry.call(what, call, LambdaFunctions::retryAfter);
        } catch (ResourceNotFoundException e) {
            throw new FunctionNotFoundException("function not found: " + functionArn, e);
        }
    }

    /** Throttles, conflicting updates, 5xx and I/O failures are worth another attempt; the rest are final. */
    static Duration retryAfter(RuntimeException e) {
        if (e instanceof TooManyRequestsException t) {
            String header = t.retryAfterSeconds();
            try {
                return header == null ? Duration.ZERO : Duration.ofSeconds(Long.parseLong(header.trim()));
            } catch (NumberFormatException ignored) {
                return Duration.ZERO;
            }
        }
        if (e instanceof ResourceConflictException || e instanceof ServiceException || e instanceof SdkClientException) {
            return Duration.ZERO;
        }
        return null;
    }

    static FunctionConfig map(FunctionConfiguration c, Map<String, String> tags) {
        return new FunctionConfig(unqualified(c.functionArn()), c.functionName(), c.memorySize(), c.revisionId(),
                c.lastUpdateStatusAsString(), c.stateAsString(), architecture(c.architecturesAsStrings()), tags,
                // The layers tell a function opted in with the extension from one the account subscription reaches.
                c.hasLayers() ? c.layers().stream().map(l -> l.arn()).toList() : java.util.List.of());
    }

    private static Architecture architecture(java.util.List<String> names) {
        return names == null || names.isEmpty() ? Architecture.X86_64 : Architecture.parse(names.get(0));
    }

    /** {@code arn:aws:lambda:r:a:function:name[:qualifier]} without the qualifier. */
    static String unqualified(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : arn;
    }
}
