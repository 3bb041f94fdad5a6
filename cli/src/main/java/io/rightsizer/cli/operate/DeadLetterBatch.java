package io.rightsizer.cli.operate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One batch the ingest event source mapping gave up on, as its S3 on-failure destination stores it: Lambda's
 * invocation record (request and response context, {@code KinesisBatchInfo}) plus, for an S3 destination, the
 * invocation's {@code payload}, the Kinesis event with every record's data.
 *
 * @param streamArn the stream the records came from ({@code KinesisBatchInfo.streamArn}), or {@code null}
 * @param condition why Lambda gave up ({@code RetryAttemptsExhausted}, {@code RecordAgeExceeded}, ...), or {@code null}
 * @param records   the batch's records in stream order
 */
public record DeadLetterBatch(String streamArn, String condition, List<Record> records) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DeadLetterBatch {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
    }

    /**
     * One Kinesis record of the batch.
     *
     * @param sequenceNumber its sequence number on the stream it came from
     * @param partitionKey   its partition key (the function name for the extension's records)
     * @param data           its data, decoded from base64
     */
    public record Record(String sequenceNumber, String partitionKey, byte[] data) {

        public Record {
            Objects.requireNonNull(partitionKey, "partitionKey");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Reads an on-failure object. The payload may be the event object itself or its JSON as a string.
     *
     * @throws IllegalArgumentException naming what is missing when the object is not an invocation record with its
     *                                  payload (an SQS or SNS destination's record carries none)
     */
    public static DeadLetterBatch parse(byte[] object) {
        JsonNode root;
        try {
            root = JSON.readTree(object);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + message(e));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a Lambda invocation record (a JSON object)");
        }
        JsonNode info = root.path("KinesisBatchInfo");
        JsonNode payload = root.path("payload");
        if (payload.isTextual()) {
            try {
                payload = JSON.readTree(payload.asText());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("its payload string is not JSON: " + message(e));
            }
        }
        JsonNode events = payload.path("Records");
        if (!events.isArray()) {
            throw new IllegalArgumentException("no payload.Records: an invocation record without the batch's"
                    + " records (only an S3 on-failure destination stores them)");
        }
        List<Record> records = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode kinesis = event.path("kinesis");
            String data = kinesis.path("data").asText(null);
            String key = kinesis.path("partitionKey").asText(null);
            if (data == null || key == null) {
                throw new IllegalArgumentException("a record without kinesis.data or kinesis.partitionKey");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kinesis.data of record " + kinesis.path("sequenceNumber").asText()
                        + " is not base64");
            }
            records.add(new Record(kinesis.path("sequenceNumber").asText(null), key, bytes));
        }
        String stream = info.path("streamArn").asText(null);
        if (stream == null && !events.isEmpty()) {
            stream = events.get(0).path("eventSourceARN").asText(null);
        }
        return new DeadLetterBatch(stream, root.path("requestContext").path("condition").asText(null), records);
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
