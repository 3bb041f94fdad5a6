package io.rightsizer.logs.envelope;

import java.time.Instant;
import java.util.Objects;

/**
 * One Kinesis record as ingestion needs it, free of the Lambda event classes.
 *
 * @param sequenceNumber the record's sequence number (what a partial batch failure names)
 * @param data           the record's data, decoded from base64
 * @param eventSourceArn the stream's ARN, or {@code null}
 * @param awsRegion      the event's Region, or {@code null}
 * @param arrival        when Kinesis received the record, or {@code null}
 */
public record StreamInput(String sequenceNumber, byte[] data, String eventSourceArn, String awsRegion,
                          Instant arrival) {

    public StreamInput {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        data = data == null ? new byte[0] : data;
    }

    /** The Region the record's stream lives in: from the event source ARN, else the event's Region. */
    public String region() {
        if (eventSourceArn != null) {
            String[] parts = eventSourceArn.split(":", 6);
            if (parts.length >= 4 && !parts[3].isBlank()) {
                return parts[3];
            }
        }
        return awsRegion;
    }
}
