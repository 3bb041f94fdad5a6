package io.rightsizer.aws.lambda;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.scan.FunctionCatalog;
import io.rightsizer.domain.scan.ListedFunction;
import io.rightsizer.domain.scan.LogFormat;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link FunctionCatalog} on Lambda {@code ListFunctions}, page by page ({@code Marker}; Lambda returns at most 50
 * functions per page), each page retried on throttling like every other control-plane call. Functions created
 * before Lambda had a logging configuration list none: they write text to their default log group.
 */
public final class LambdaFunctionCatalog implements FunctionCatalog {

    private final LambdaClient lambda;
    private final ControlPlaneRetry retry;

    public LambdaFunctionCatalog(LambdaClient lambda, ControlPlaneRetry retry) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @Override
    public List<ListedFunction> functions() {
        List<ListedFunction> out = new ArrayList<>();
        String marker = null;
        do {
            String page = marker;
            ListFunctionsResponse r = retry.call("ListFunctions", () -> lambda.listFunctions(b -> b.marker(page)),
                    LambdaFunctions::retryAfter);
            for (FunctionConfiguration c : r.functions()) {
                out.add(map(c));
            }
            marker = r.nextMarker();
        } while (marker != null && !marker.isEmpty());
        return out;
    }

    static ListedFunction map(FunctionConfiguration c) {
        LoggingConfig logging = c.loggingConfig();
        return new ListedFunction(c.functionName(), LambdaFunctions.unqualified(c.functionArn()), c.memorySize(),
                architecture(c.architecturesAsStrings()),
                logging == null ? null : logging.logGroup(),
                LogFormat.parse(logging == null ? null : logging.logFormatAsString()));
    }

    private static Architecture architecture(List<String> names) {
        return names == null || names.isEmpty() ? Architecture.X86_64 : Architecture.parse(names.get(0));
    }
}
