package io.rightsizer.ingest;

import java.util.Map;

/**
 * What one batch did.
 *
 * @param records              Kinesis records in the batch
 * @param reports              usage reports decoded
 * @param malformed            records that could not be read, plus reports inside readable records that could not be
 *                             (each skipped, logged with its record's sequence number, never retried)
 * @param functions            distinct functions seen
 * @param functionsWritten     functions whose days were written
 * @param windowsStarted       window executions started (new or healed)
 * @param dynamoDbWrites       day item write requests (conditional writes that lost included)
 * @param skipped              what the parsers skipped, by kind (control messages, non-report lines, ...)
 * @param failedSequenceNumber the lowest sequence number Kinesis must deliver again, or {@code null} when the whole
 *                             batch is done
 */
public record IngestResult(int records, long reports, long malformed, int functions, int functionsWritten,
                           int windowsStarted, int dynamoDbWrites, Map<String, Long> skipped,
                           String failedSequenceNumber) {

    public IngestResult {
        skipped = Map.copyOf(skipped);
    }

    /** Reports of functions outside the deployment's account and Region, skipped. */
    public long foreignReports() {
        return skipped.getOrDefault(IngestProcessor.FOREIGN_FUNCTION, 0L);
    }

    /** Whether part of the batch must be delivered again. */
    public boolean partial() {
        return failedSequenceNumber != null;
    }
}
