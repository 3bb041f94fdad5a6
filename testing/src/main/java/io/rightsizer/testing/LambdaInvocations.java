package io.rightsizer.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.testing.InterceptingProxy.Request;
import io.rightsizer.testing.InterceptingProxy.Response;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where the Lambda service stands for a local run: a proxy's Lambda {@code Invoke} calls of a function (for example
 * moto's Step Functions interpreter running a Lambda task) answered by a real handler in this JVM, with the handler's
 * output, or its exception as an unhandled function error ({@code X-Amz-Function-Error: Unhandled}), as Lambda answers.
 */
public final class LambdaInvocations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTIONS = "/2015-03-31/functions/";

    private LambdaInvocations() {
    }

    /** Whether {@code r} is an Invoke of the function with this (unqualified) ARN. */
    public static boolean invokes(Request r, String functionArn) {
        if (!r.method().equals("POST") || !r.path().startsWith(FUNCTIONS) || !r.path().endsWith("/invocations")) {
            return false;
        }
        String raw = r.path().substring(FUNCTIONS.length(), r.path().length() - "/invocations".length());
        return URLDecoder.decode(raw, StandardCharsets.UTF_8).equals(functionArn);
    }

    /** Runs {@code handler} on the invocation's payload and answers as the Lambda service does. */
    public static Response answer(Request r, RequestStreamHandler handler, String functionName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(r.body()), out, new LambdaTestContext(functionName));
            return new Response(200, Map.of("Content-Type", "application/json", "X-Amz-Executed-Version", "$LATEST"),
                    out.toByteArray());
        } catch (Exception e) {
            ObjectNode error = JSON.createObjectNode().put("errorMessage", String.valueOf(e.getMessage()))
                    .put("errorType", e.getClass().getName());
            ArrayNode trace = error.putArray("stackTrace");
            for (StackTraceElement el : e.getStackTrace()) {
                if (trace.size() < 5) {
                    trace.add(el.toString());
                }
            }
            return new Response(200, Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled",
                    "X-Amz-Executed-Version", "$LATEST"), error.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
