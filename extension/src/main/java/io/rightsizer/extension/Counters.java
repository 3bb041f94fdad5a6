package io.rightsizer.extension;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the extension did with the telemetry it received; printed as one line at SHUTDOWN. */
final class Counters {

    /** {@code platform.report} records accepted into the buffer. */
    final AtomicLong received = new AtomicLong();
    /** Reports acknowledged by Kinesis. */
    final AtomicLong shipped = new AtomicLong();
    /** Reports dropped because the bounded buffer was full (oldest first). */
    final AtomicLong dropped = new AtomicLong();
    /** Telemetry batches or records that could not be read. */
    final AtomicLong malformed = new AtomicLong();
    /** Reports without memory figures (Lambda Managed Instances): they cannot size memory. */
    final AtomicLong skippedNoMemory = new AtomicLong();
    /** PutRecords entries Kinesis rejected (retried). */
    final AtomicLong putFailures = new AtomicLong();
    /** PutRecords calls that failed as a whole (network, HTTP error). */
    final AtomicLong putErrors = new AtomicLong();
    /** PutRecords calls made. */
    final AtomicLong putCalls = new AtomicLong();
    private final Map<String, Long> skippedByType = new TreeMap<>();
    /** The latest INVOKE-to-/next times in microseconds (a ring: bounded memory). */
    private final int[] invokeToNextMicros = new int[1024];
    private int invokeCount;

    /** Records how long an INVOKE kept the extension from calling /event/next again. */
    synchronized void invokeToNext(long nanos) {
        invokeToNextMicros[invokeCount % invokeToNextMicros.length] = (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
        invokeCount++;
    }

    synchronized void skipped(String type) {
        String key = type == null ? "unknown" : type;
        if (skippedByType.size() < 64 || skippedByType.containsKey(key)) {
            skippedByType.merge(key, 1L, Long::sum);
        }
    }

    synchronized long skipped() {
        long total = 0;
        for (long n : skippedByType.values()) {
            total += n;
        }
        return total;
    }

    /** One line of {@code key=value} pairs; tests and log queries read it. */
    synchronized String line() {
        StringBuilder sb = new StringBuilder("counters received=").append(received)
                .append(" shipped=").append(shipped)
                .append(" dropped=").append(dropped)
                .append(" malformed=").append(malformed)
                .append(" skippedNoMemory=").append(skippedNoMemory)
                .append(" putCalls=").append(putCalls)
                .append(" putFailures=").append(putFailures)
                .append(" putErrors=").append(putErrors)
                .append(" skipped=").append(skipped())
                .append(" invokes=").append(invokeCount);
        if (invokeCount > 0) {
            int[] sorted = java.util.Arrays.copyOf(invokeToNextMicros, Math.min(invokeCount, invokeToNextMicros.length));
            java.util.Arrays.sort(sorted);
            sb.append(" invokeToNextP50Us=").append(sorted[(sorted.length - 1) / 2])
                    .append(" invokeToNextP99Us=").append(sorted[(int) Math.ceil(sorted.length * 0.99) - 1])
                    .append(" invokeToNextMaxUs=").append(sorted[sorted.length - 1]);
        }
        for (Map.Entry<String, Long> e : skippedByType.entrySet()) {
            sb.append(" skipped.").append(e.getKey().replace(' ', '_')).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
