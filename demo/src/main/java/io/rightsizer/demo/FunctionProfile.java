package io.rightsizer.demo;

import java.util.Objects;

/**
 * A simulated function: its name, the memory it is deployed with, how it reports (the extension or CloudWatch Logs),
 * and the memory its invocations use during the window and after a change (an invocation that needs at least the
 * configured size runs out of memory, as in Lambda).
 *
 * @param usedLowMb       the least memory an invocation uses during the window
 * @param usedHighMb      the most memory an invocation uses during the window
 * @param laterLowMb      the least after the window (the watch after a change)
 * @param laterHighMb     the most after the window
 * @param durationMs      how long an invocation runs, as Lambda reports it
 */
public record FunctionProfile(String name, int memoryMb, Source source, int usedLowMb, int usedHighMb,
                              int laterLowMb, int laterHighMb, double durationMs) {

    /** Where a function's reports come from. */
    public enum Source {
        /** The extension binary in the function's sandbox ships Telemetry API reports to Kinesis. */
        EXTENSION,
        /** The account's log subscription puts the function's REPORT lines on Kinesis (gzip JSON payloads). */
        LOGS_SUBSCRIPTION
    }

    public FunctionProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (usedLowMb > usedHighMb || laterLowMb > laterHighMb) {
            throw new IllegalArgumentException("low above high for " + name);
        }
    }

    /** The memory one invocation uses: evenly spread between the bounds of the period. */
    int used(boolean later, double draw) {
        int low = later ? laterLowMb : usedLowMb;
        int high = later ? laterHighMb : usedHighMb;
        return low + (int) Math.round(draw * (high - low));
    }
}
