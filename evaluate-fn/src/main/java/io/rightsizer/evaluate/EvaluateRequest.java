package io.rightsizer.evaluate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the state machine's Evaluate and Verify tasks send (the execution input plus, for verify, the change).
 *
 * @param mode         {@code evaluate} (default) or {@code verify}
 * @param functionArn  the unqualified function ARN
 * @param functionName the function's name
 * @param accountId    the function's account
 * @param region       the function's region
 * @param windowStart  the window's start, ISO-8601 UTC
 * @param windowEnd    the window's end, ISO-8601 UTC
 * @param executionArn the execution running the step
 * @param appliedAt    verify: when the change was made
 * @param fromMemoryMb verify: the size before the change
 * @param toMemoryMb   verify: the size after the change
 * @param watchUntil   verify: the end of the guard period apply-fn computed; the watch period is the whole UTC days
 *                     after the change's day that are complete by then (absent in executions started before this
 *                     field existed: the complete days before now)
 * @param architecture verify: the function's architecture (from Evaluate), which prices a further increase; absent:
 *                     {@code x86_64}
 * @param windowMemoryMb verify: the size the window was evaluated at, the baseline the watch is compared with (after a
 *                     further increase {@code fromMemoryMb} is the first change's size, which the window never ran at);
 *                     absent: {@code fromMemoryMb}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(
        String mode,
        String functionArn,
        String functionName,
        String accountId,
        String region,
        String windowStart,
        String windowEnd,
        String executionArn,
        String appliedAt,
        Integer fromMemoryMb,
        Integer toMemoryMb,
        String watchUntil,
        String architecture,
        Integer windowMemoryMb) {

    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,140}");

    public EvaluateRequest {
        String m = mode == null ? "evaluate" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("evaluate") && !m.equals("verify")) {
            throw new InvalidEvaluateRequestException("mode must be evaluate or verify, got '" + mode + "'");
        }
        mode = m;
        if (functionArn == null || !FUNCTION_ARN.matcher(functionArn).matches()) {
            throw new InvalidEvaluateRequestException("functionArn must be an unqualified Lambda function ARN, got '"
                    + functionArn + "'");
        }
        Instant start = instant("windowStart", windowStart);
        Instant end = instant("windowEnd", windowEnd);
        if (!start.isBefore(end)) {
            throw new InvalidEvaluateRequestException("windowStart must be before windowEnd, got " + windowStart
                    + " and " + windowEnd);
        }
        if (m.equals("verify")) {
            instant("appliedAt", appliedAt);
            if (watchUntil != null) {
                instant("watchUntil", watchUntil);
            }
            if (fromMemoryMb == null || toMemoryMb == null || fromMemoryMb <= 0 || toMemoryMb <= 0) {
                throw new InvalidEvaluateRequestException("verify needs positive fromMemoryMb and toMemoryMb");
            }
        }
    }

    /** A request without the architecture (Evaluate's, or a Verify of an execution started before it was sent). */
    public EvaluateRequest(String mode, String functionArn, String functionName, String accountId, String region,
                           String windowStart, String windowEnd, String executionArn, String appliedAt,
                           Integer fromMemoryMb, Integer toMemoryMb, String watchUntil) {
        this(mode, functionArn, functionName, accountId, region, windowStart, windowEnd, executionArn, appliedAt,
                fromMemoryMb, toMemoryMb, watchUntil, null, null);
    }

    /** The size the window ran at before this execution changed anything. */
    public int baselineMemoryMb() {
        return windowMemoryMb != null && windowMemoryMb > 0 ? windowMemoryMb : fromMemoryMb;
    }

    /** Whether this is the check after a change. */
    public boolean verify() {
        return mode.equals("verify");
    }

    public Instant start() {
        return Instant.parse(windowStart);
    }

    public Instant end() {
        return Instant.parse(windowEnd);
    }

    public Instant applied() {
        return Instant.parse(appliedAt);
    }

    /** The end of the guard period, when the task input has it. */
    public java.util.Optional<Instant> watchEnd() {
        return java.util.Optional.ofNullable(watchUntil).map(Instant::parse);
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            throw new InvalidEvaluateRequestException(name + " is required (ISO-8601 UTC, e.g. 2026-11-01T00:00:00Z)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidEvaluateRequestException(name + " must be ISO-8601 UTC (e.g. 2026-11-01T00:00:00Z), got '"
                    + value + "'");
        }
    }
}
