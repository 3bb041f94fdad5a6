package io.rightsizer.ingest.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * Builds Kinesis event JSON the way Lambda delivers it (base64 data, sequence numbers, event source ARN); used to
 * write the committed fixtures and by tests that need a batch shaped for one case.
 */
public final class KinesisEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode records = root.putArray("Records");
    private final String region;
    private final String account;
    private long sequence = 0;

    public KinesisEvents(String region, String account) {
        this.region = region;
        this.account = account;
    }

    /** Sequence numbers of the fixtures: 56 digits like real ones, increasing by record. */
    public static String sequenceNumber(long n) {
        return "49656859812718427394716451397648218906374" + String.format("%015d", n);
    }

    public KinesisEvents add(String partitionKey, byte[] data, Instant arrival) {
        String seq = sequenceNumber(++sequence);
        ObjectNode record = records.addObject();
        ObjectNode kinesis = record.putObject("kinesis");
        kinesis.put("kinesisSchemaVersion", "1.0");
        kinesis.put("partitionKey", partitionKey);
        kinesis.put("sequenceNumber", seq);
        kinesis.put("data", Base64.getEncoder().encodeToString(data));
        kinesis.put("approximateArrivalTimestamp",
                new BigDecimal(arrival.toEpochMilli()).movePointLeft(3));
        record.put("eventSource", "aws:kinesis");
        record.put("eventVersion", "1.0");
        record.put("eventID", "shardId-000000000000:" + seq);
        record.put("eventName", "aws:kinesis:record");
        record.put("invokeIdentityArn", "arn:aws:iam::" + account + ":role/rightsizer-ingest");
        record.put("awsRegion", region);
        record.put("eventSourceARN", "arn:aws:kinesis:" + region + ":" + account + ":stream/rightsizer");
        return this;
    }

    public KinesisEvents add(String partitionKey, String data, Instant arrival) {
        return add(partitionKey, data.getBytes(StandardCharsets.UTF_8), arrival);
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
