package io.rightsizer.core.window;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.core.stream.FunctionRef;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One function window's Step Functions execution: its name and its input, both derived from the window alone so that
 * starting it again gives the very same execution.
 *
 * @param function    the function
 * @param windowStart the window's start (UTC)
 * @param windowEnd   the window's end (UTC): the state machine waits until then
 */
public record WindowExecution(FunctionRef function, Instant windowStart, Instant windowEnd) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public WindowExecution {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("windowEnd must be after windowStart");
        }
    }

    /** The execution name ({@link ExecutionNames#of(FunctionRef, Instant)}): unique per function ARN and start. */
    public String name() {
        return ExecutionNames.of(function, windowStart);
    }

    /** The execution input {@code {functionArn, functionName, accountId, region, windowStart, windowEnd}}. */
    public String inputJson() {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("functionArn", function.functionArn());
        input.put("functionName", function.functionName());
        input.put("accountId", function.accountId());
        input.put("region", function.region());
        input.put("windowStart", windowStart.toString());
        input.put("windowEnd", windowEnd.toString());
        try {
            return JSON.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
