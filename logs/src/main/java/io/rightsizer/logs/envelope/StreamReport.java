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
 * @param functionVersion   the function version whose sandbox ran the invocation ({@code $LATEST} or a published
 *                          version number, from the extension's registration), or {@code null} when not known
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
        Double restoreDurationMs,
        String functionVersion) {

    public StreamReport {
        functionVersion = functionVersion == null || functionVersion.isBlank() ? null : functionVersion;
        if (functionVersion != null && !functionVersion.equals("$LATEST")
                && !(functionVersion.length() <= 10 && functionVersion.chars().allMatch(Character::isDigit))) {
            throw new IllegalArgumentException("functionVersion must be $LATEST or a version number: "
                    + functionVersion);
        }
        String outOfBounds = UsageBounds.problem(durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb,
                initDurationMs, restoreDurationMs);
        if (outOfBounds != null) {
            throw new IllegalArgumentException(outOfBounds);
        }
    }

    /** A report without the version that ran (sources that do not know it). */
    public StreamReport(Instant time, String requestId, String status, String errorType, double durationMs,
                        long billedDurationMs, int memorySizeMb, int maxMemoryUsedMb, Double initDurationMs,
                        Double restoreDurationMs) {
        this(time, requestId, status, errorType, durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb,
                initDurationMs, restoreDurationMs, null);
    }
}
