package io.rightsizer.logs.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.rightsizer.domain.usage.UsageBounds;

import java.time.Instant;

/**
 * One invocation's report inside a stream record, as the extension writes it (field names are the wire format); its
 * figures are within {@link UsageBounds}, or the record is malformed.
 *
 * @param time              when the report was produced (ISO-8601), or {@code null} when the platform gave no time
 *                          (ingestion then uses the record's arrival time)
 * @param requestId         the invocation's request id, or {@code null}
 * @param status            {@code success}, {@code error}, {@code failure}, {@code timeout} or a newer value
 * @param errorType         for example {@code Runtime.OutOfMemory}, or {@code null}
 * @param durationMs        the invocation's duration
 * @param billedDurationMs  the billed duration
 * @param memorySizeMb      the configured memory
 * @param maxMemoryUsedMb   the peak memory used
 * @param initDurationMs    the init duration on a cold start, or {@code null}
 * @param restoreDurationMs the SnapStart restore duration, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StreamReport(
        Instant time,
        String requestId,
        String status,
        String errorType,
        double durationMs,
        long billedDurationMs,
        int memorySizeMb,
        int maxMemoryUsedMb,
        Double initDurationMs,
        Double restoreDurationMs) {

    public StreamReport {
        String outOfBounds = UsageBounds.problem(durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb,
                initDurationMs, restoreDurationMs);
        if (outOfBounds != null) {
            throw new IllegalArgumentException(outOfBounds);
        }
    }
}
