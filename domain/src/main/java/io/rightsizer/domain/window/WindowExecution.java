package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One function window's Step Functions execution: its name and its input, both derived from the window alone so that
 * starting it again gives the very same execution.
 *
 * @param function    the function
 * @param cycle       the window's cycle: every write the execution makes to the WINDOW item is conditioned on it, so a
 *                    late or redriven execution of an older cycle cannot close a newer window
 * @param windowStart the window's start (UTC)
 * @param windowEnd   the window's end (UTC): the state machine waits until then
 */
public record WindowExecution(FunctionRef function, long cycle, Instant windowStart, Instant windowEnd) {

    public WindowExecution {
        Objects.requireNonNull(function, "function");
        if (cycle < 1) {
            throw new IllegalArgumentException("cycle starts at 1: " + cycle);
        }
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

    /** The execution input {@code {functionArn, functionName, accountId, region, windowStart, windowEnd, cycle}}. */
    public String inputJson() {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("functionArn", function.functionArn());
        input.put("functionName", function.functionName());
        input.put("accountId", function.accountId());
        input.put("region", function.region());
        input.put("windowStart", windowStart.toString());
        input.put("windowEnd", windowEnd.toString());
        StringBuilder json = new StringBuilder(256).append('{');
        input.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, key).append(':');
            quote(json, value);
        });
        return json.append(",\"cycle\":").append(cycle).append('}').toString();
    }

    /** Appends {@code text} as a JSON string; the domain stays free of a JSON library for this one small object. */
    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
