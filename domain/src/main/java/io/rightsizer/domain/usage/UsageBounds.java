package io.rightsizer.domain.usage;

/**
 * The figures a Lambda invocation report can truly carry: anything outside them is not a report Lambda wrote, so every
 * decoder refuses it where it reads it (as a malformed record), and nothing downstream meets an unbounded number.
 */
public final class UsageBounds {

    /** The smallest memory size Lambda configures. */
    public static final int MIN_MEMORY_MB = 128;
    /** The largest memory size Lambda configures (functions outside Lambda Managed Instances, whose reports carry none). */
    public static final int MAX_MEMORY_MB = 10_240;
    /**
     * The longest duration, init or restore one report can show: Lambda's 15-minute timeout plus one minute, because a
     * timed-out invocation reports a little more than its timeout (a 3 s timeout reports about 3,003 ms).
     */
    public static final double MAX_PHASE_MS = 16 * 60_000;
    /** The longest billed duration: one invocation plus its init, each at most {@link #MAX_PHASE_MS}. */
    public static final long MAX_BILLED_MS = 2 * 16 * 60_000;

    private UsageBounds() {
    }

    /**
     * Why these figures cannot come from Lambda, or {@code null} when they can.
     *
     * @param initDurationMs    {@code null} when the report has none
     * @param restoreDurationMs {@code null} when the report has none
     */
    public static String problem(double durationMs, long billedDurationMs, int memorySizeMb, int maxMemoryUsedMb,
                                 Double initDurationMs, Double restoreDurationMs) {
        String phase = phaseProblem("duration", durationMs);
        if (phase != null) {
            return phase;
        }
        if (initDurationMs != null && (phase = phaseProblem("init duration", initDurationMs)) != null) {
            return phase;
        }
        if (restoreDurationMs != null && (phase = phaseProblem("restore duration", restoreDurationMs)) != null) {
            return phase;
        }
        if (billedDurationMs < 0 || billedDurationMs > MAX_BILLED_MS) {
            return "billed duration " + billedDurationMs + " ms is outside 0.." + MAX_BILLED_MS + " ms";
        }
        if (memorySizeMb < MIN_MEMORY_MB || memorySizeMb > MAX_MEMORY_MB) {
            return "memory size " + memorySizeMb + " MB is not one Lambda allows (" + MIN_MEMORY_MB + ".."
                    + MAX_MEMORY_MB + " MB)";
        }
        if (maxMemoryUsedMb < 0) {
            return "max memory used " + maxMemoryUsedMb + " MB is negative";
        }
        if (maxMemoryUsedMb > memorySizeMb) {
            return "max memory used " + maxMemoryUsedMb + " MB is above the memory size " + memorySizeMb + " MB";
        }
        return null;
    }

    private static String phaseProblem(String name, double ms) {
        if (!Double.isFinite(ms)) {
            return name + " is not a finite number: " + ms;
        }
        // -0.0 < 0 is false: the sign bit tells a negative zero, which no clock writes.
        if (ms < 0 || Double.doubleToRawLongBits(ms) == Long.MIN_VALUE) {
            return name + " " + ms + " ms is negative";
        }
        if (ms > MAX_PHASE_MS) {
            return name + " " + ms + " ms is longer than Lambda allows (" + (long) MAX_PHASE_MS + " ms)";
        }
        return null;
    }
}
