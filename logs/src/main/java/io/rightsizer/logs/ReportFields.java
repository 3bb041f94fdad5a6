package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

import java.time.Instant;

/** The figures of one report while it is being read (a REPORT line or a {@code platform.report} record); reused. */
final class ReportFields {

    String requestId;
    String status;
    String errorType;
    double durationMs;
    long billedDurationMs;
    int memorySizeMb;
    int maxMemoryUsedMb;
    double initDurationMs;
    double restoreDurationMs;
    boolean hasDuration;
    boolean hasBilled;
    boolean hasMemorySize;
    boolean hasMaxMemoryUsed;
    boolean hasInit;
    boolean hasRestore;
    /** Why a value could not be read, or {@code null}. */
    String badValue;

    ReportFields() {
        reset();
    }

    void reset() {
        requestId = null;
        status = null;
        errorType = null;
        durationMs = 0;
        billedDurationMs = 0;
        memorySizeMb = 0;
        maxMemoryUsedMb = 0;
        initDurationMs = 0;
        restoreDurationMs = 0;
        hasDuration = false;
        hasBilled = false;
        hasMemorySize = false;
        hasMaxMemoryUsed = false;
        hasInit = false;
        hasRestore = false;
        badValue = null;
    }

    /** Sets the duration in milliseconds. */
    void duration(double ms) {
        durationMs = ms;
        hasDuration = true;
    }

    /** Sets the billed duration; Lambda bills whole milliseconds, so a fraction is not its figure. */
    void billed(double ms, String label) {
        billedDurationMs = whole(ms, label);
        hasBilled = true;
    }

    /** Sets the configured memory; Lambda configures whole megabytes. */
    void memorySize(double mb, String label) {
        memorySizeMb = wholeInt(mb, label);
        hasMemorySize = true;
    }

    /** Sets the peak memory; Lambda reports whole megabytes. */
    void maxMemoryUsed(double mb, String label) {
        maxMemoryUsedMb = wholeInt(mb, label);
        hasMaxMemoryUsed = true;
    }

    void init(double ms) {
        initDurationMs = ms;
        hasInit = true;
    }

    void restore(double ms) {
        restoreDurationMs = ms;
        hasRestore = true;
    }

    /** Records why a value could not be read; the first reason wins. */
    void bad(String reason) {
        if (badValue == null) {
            badValue = reason;
        }
    }

    /**
     * The value as a long when it is a whole number a long holds; otherwise the report is marked bad (the range of a
     * sound figure is {@link io.rightsizer.domain.usage.UsageBounds}'s to check).
     */
    private long whole(double value, String label) {
        if (!Double.isFinite(value) || value != Math.rint(value) || Math.abs(value) > 1e15) {
            bad(label + " is not a whole number Lambda writes: " + value);
            return 0;
        }
        return (long) value;
    }

    private int wholeInt(double value, String label) {
        long v = whole(value, label);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            bad(label + " is out of range: " + value);
            return 0;
        }
        return (int) v;
    }

    /** Whether every figure a usage record needs is there. */
    boolean complete() {
        return hasDuration && hasBilled && hasMemorySize && hasMaxMemoryUsed && badValue == null;
    }

    /** Whether this is a report without memory figures at all (Lambda Managed Instances), but otherwise sound. */
    boolean managedInstances() {
        return hasDuration && !hasMemorySize && !hasMaxMemoryUsed && badValue == null;
    }

    /** What is missing or wrong, for a malformed-record message. */
    String problem() {
        if (badValue != null) {
            return badValue;
        }
        StringBuilder missing = new StringBuilder();
        append(missing, hasDuration, "Duration");
        append(missing, hasBilled, "Billed Duration");
        append(missing, hasMemorySize, "Memory Size");
        append(missing, hasMaxMemoryUsed, "Max Memory Used");
        return missing.length() == 0 ? "incomplete report" : "report without " + missing;
    }

    private static void append(StringBuilder out, boolean present, String name) {
        if (!present) {
            out.append(out.length() == 0 ? "" : ", ").append(name);
        }
    }

    /** The usage record; throws {@link IllegalArgumentException} when a figure is out of range. */
    InvocationUsage toUsage(String function, Instant time) {
        return new InvocationUsage(function, time, requestId, status, errorType, durationMs, billedDurationMs,
                memorySizeMb, maxMemoryUsedMb, hasInit ? initDurationMs : null, hasRestore ? restoreDurationMs : null);
    }
}
