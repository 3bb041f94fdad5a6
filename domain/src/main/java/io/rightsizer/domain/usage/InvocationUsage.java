package io.rightsizer.domain.usage;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What one invocation of one function used, as reported by Lambda (a REPORT line or a {@code platform.report} event).
 * Its figures are within {@link UsageBounds}: a report outside them is refused here, whichever decoder read it.
 *
 * @param function          the function's key: its name where only the name is known, its unqualified ARN in the deployed pipeline
 * @param time              when the report was written, or {@code null} when the source carries no time (plain REPORT lines)
 * @param requestId         the invocation's request id, or {@code null}
 * @param status            {@code success}, {@code error}, {@code failure}, {@code timeout} or a newer value, lower case; {@code null} when the source does not say
 * @param errorType         for example {@code Runtime.OutOfMemory}, or {@code null}
 * @param durationMs        the invocation's duration
 * @param billedDurationMs  the billed duration
 * @param memorySizeMb      the configured memory
 * @param maxMemoryUsedMb   the peak memory used, extension and runtime included
 * @param initDurationMs    the init duration on a cold start, otherwise {@code null}
 * @param restoreDurationMs the SnapStart restore duration, otherwise {@code null}
 * @param version           the function version that ran ({@code $LATEST} or a published version number), or
 *                          {@code null} when the source does not say
 */
public record InvocationUsage(
        String function,
        Instant time,
        String requestId,
        String status,
        String errorType,
        double durationMs,
        long billedDurationMs,
        int memorySizeMb,
        int maxMemoryUsedMb,
        Double initDurationMs,
        Double restoreDurationMs,
        String version) {

    /** The version {@code UpdateFunctionConfiguration} changes; every other version keeps its configuration. */
    public static final String LATEST = "$LATEST";

    /** The error type Lambda reports when a function ran out of memory. */
    public static final String OUT_OF_MEMORY_ERROR_TYPE = "Runtime.OutOfMemory";

    public InvocationUsage {
        Objects.requireNonNull(function, "function");
        if (function.isBlank()) {
            throw new IllegalArgumentException("function must not be blank");
        }
        String outOfBounds = UsageBounds.problem(durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb,
                initDurationMs, restoreDurationMs);
        if (outOfBounds != null) {
            throw new IllegalArgumentException(outOfBounds);
        }
        status = status == null ? null : status.toLowerCase(Locale.ROOT);
        version = version == null || version.isBlank() ? null : version.trim();
    }

    /** A report from a source that does not say which version ran. */
    public InvocationUsage(String function, Instant time, String requestId, String status, String errorType,
                           double durationMs, long billedDurationMs, int memorySizeMb, int maxMemoryUsedMb,
                           Double initDurationMs, Double restoreDurationMs) {
        this(function, time, requestId, status, errorType, durationMs, billedDurationMs, memorySizeMb,
                maxMemoryUsedMb, initDurationMs, restoreDurationMs, null);
    }

    /** A copy of this record naming the version that ran. */
    public InvocationUsage withVersion(String newVersion) {
        return new InvocationUsage(function, time, requestId, status, errorType, durationMs, billedDurationMs,
                memorySizeMb, maxMemoryUsedMb, initDurationMs, restoreDurationMs, newVersion);
    }

    /** A copy of this record keyed by another function identity (for example the ARN instead of the name). */
    public InvocationUsage withFunction(String newFunction) {
        return new InvocationUsage(newFunction, time, requestId, status, errorType, durationMs, billedDurationMs,
                memorySizeMb, maxMemoryUsedMb, initDurationMs, restoreDurationMs, version);
    }

    /** Whether the invocation ran out of memory: its peak then says "needs more", not what it needs. */
    public boolean outOfMemory() {
        return OUT_OF_MEMORY_ERROR_TYPE.equalsIgnoreCase(errorType)
                || (errorType != null && errorType.toLowerCase(Locale.ROOT).contains("outofmemory"));
    }

    /** Whether the invocation hit its timeout. */
    public boolean timedOut() {
        return "timeout".equals(status);
    }

    /** Whether the invocation failed in any way (error, failure, timeout, or an error type without a status). */
    public boolean failed() {
        if (status == null) {
            return errorType != null;
        }
        return !"success".equals(status);
    }

    /** Whether this invocation started a new execution environment (it carries an init or restore duration). */
    public boolean coldStart() {
        return initDurationMs != null || restoreDurationMs != null;
    }
}
