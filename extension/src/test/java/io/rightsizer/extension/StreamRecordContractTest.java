package io.rightsizer.extension;

import static io.rightsizer.extension.Sandboxes.kinesisOverTls;
import static io.rightsizer.extension.Sandboxes.resource;
import static io.rightsizer.extension.Sandboxes.sandbox;
import static io.rightsizer.extension.Sandboxes.shippingTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.logs.envelope.StreamBatch;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.logs.envelope.StreamReport;
import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract between the extension and ingest: the records the extension binary produced from real telemetry,
 * as they reached the Kinesis endpoint, decode with the reader ingest uses ({@link StreamRecordCodec}), and every
 * field arrives as Lambda reported it.
 */
class StreamRecordContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StreamRecordCodec codec = new StreamRecordCodec();

    /** Records as they reached Kinesis after the binary received {@code telemetry}, with the function's settings. */
    private static List<FakeKinesis.StoredRecord> recordsFor(String telemetry, Map<String, String> extraEnv,
                                                             List<String> output) throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            Map<String, String> env = shippingTo(kinesis);
            env.putAll(extraEnv);
            try (LambdaRuntimeEmulator lambda = sandbox(1024, env).launch()) {
                lambda.awaitInit();
                assertThat(lambda.postRawTelemetry(telemetry)).isEqualTo(200);
                lambda.shutdown(Duration.ofMillis(2000));
                output.addAll(lambda.output());
            }
            return kinesis.stored();
        }
    }

    @Test
    void everyKindOfReportTheBinaryWritesDecodesWithCoresReaderFieldForField() throws Exception {
        JsonNode telemetry = JSON.readTree(resource("telemetry/contract-batch.json"));
        List<String> output = new ArrayList<>();

        List<FakeKinesis.StoredRecord> records = recordsFor(telemetry.toString(), Map.of(), output);

        assertThat(records).as(output::toString).isNotEmpty();
        List<StreamReport> decoded = new ArrayList<>();
        for (FakeKinesis.StoredRecord record : records) {
            StreamBatch batch = codec.decode(record.data());
            assertThat(batch.version()).isEqualTo(StreamBatch.VERSION);
            assertThat(batch.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:orders-api");
            assertThat(batch.functionName()).isEqualTo("orders-api");
            assertThat(batch.accountId()).isEqualTo("123456789012");
            assertThat(batch.region()).isEqualTo("us-east-1");
            assertThat(batch.partitionKey()).isEqualTo(record.partitionKey());
            decoded.addAll(batch.reports());
            // The version that ran, from /register, reaches the usage ingest folds.
            assertThat(batch.reports()).allSatisfy(r -> assertThat(r.functionVersion()).isEqualTo("$LATEST"));
            assertThat(batch.usages()).allSatisfy(u -> assertThat(u.version()).isEqualTo("$LATEST"));
        }
        assertThat(decoded).hasSize(telemetry.size());
        for (int i = 0; i < telemetry.size(); i++) {
            assertSameAsReported(telemetry.get(i), decoded.get(i));
        }
    }

    @Test
    void theEdgeCasesArriveExactly() throws Exception {
        List<StreamReport> decoded = decode(recordsFor(resource("telemetry/contract-batch.json"), Map.of(),
                new ArrayList<>()));

        StreamReport cold = decoded.get(0);
        assertThat(cold.initDurationMs()).isEqualTo(611.9);
        assertThat(cold.restoreDurationMs()).isNull();
        assertThat(cold.errorType()).isNull();
        assertThat(decoded.get(1).time()).isEqualTo(Instant.parse("2026-11-23T11:02:01.500Z"));
        assertThat(decoded.get(1).durationMs()).isEqualTo(0.85);
        assertThat(decoded.get(2).restoreDurationMs()).isEqualTo(213.05);
        assertThat(decoded.get(2).initDurationMs()).isNull();
        StreamReport oom = decoded.get(3);
        assertThat(oom.status()).isEqualTo("error");
        assertThat(oom.errorType()).isEqualTo("Runtime.OutOfMemory");
        assertThat(oom.maxMemoryUsedMb()).isEqualTo(oom.memorySizeMb()).isEqualTo(512);
        StreamReport timeout = decoded.get(4);
        assertThat(timeout.status()).isEqualTo("timeout");
        assertThat(timeout.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(timeout.durationMs()).isEqualTo(900000.0);
        assertThat(timeout.billedDurationMs()).isEqualTo(900000L);
        assertThat(timeout.memorySizeMb()).isEqualTo(10240);
        assertThat(decoded.get(5).errorType()).isEqualTo("Handler \"orders\" failed: C:\\tmp\\x\ttab\u0001bell");
        assertThat(decoded.get(5).maxMemoryUsedMb()).isZero();
        // A report without a billed duration is billed at least its duration rounded up to the millisecond.
        assertThat(decoded.get(6).billedDurationMs()).isEqualTo(18L);
        StreamReport sparse = decoded.get(7);
        assertThat(sparse.time()).isNull();
        assertThat(sparse.status()).isNull();
        assertThat(sparse.durationMs()).isEqualTo(5.0);
    }

    @Test
    void figuresIngestWouldRejectTheRecordForAreSkippedAsMalformedByTheExtensionInstead() throws Exception {
        String batch = "[" + report("a", "-1.5", "2", "128", "64") + "," + report("b", "3", "-4", "128", "64") + ","
                + report("c", "3", "3", "4294967296", "64") + "," + report("d", "3", "3", "128", "4294967296") + ","
                + report("e", "3", "3", "128", "64") + "]";
        List<String> output = new ArrayList<>();

        List<StreamReport> decoded = decode(recordsFor(batch, Map.of(), output));

        assertThat(decoded).extracting(StreamReport::requestId).containsExactly("e");
        assertThat(output).anyMatch(l -> l.contains("malformed=4"));
    }

    @Test
    void aRecordOfAChinaRegionFunctionCarriesItsPartitionAndDecodes() throws Exception {
        JsonNode telemetry = JSON.readTree(resource("telemetry/contract-batch.json"));

        List<FakeKinesis.StoredRecord> records = recordsFor("[" + telemetry.get(0) + "]",
                Map.of("AWS_REGION", "cn-north-1", "AWS_DEFAULT_REGION", "cn-north-1"), new ArrayList<>());

        StreamBatch batch = codec.decode(records.get(0).data());
        assertThat(batch.functionArn()).isEqualTo("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders-api");
        assertThat(batch.region()).isEqualTo("cn-north-1");
        assertSameAsReported(telemetry.get(0), batch.reports().get(0));
    }

    private List<StreamReport> decode(List<FakeKinesis.StoredRecord> records) throws Exception {
        List<StreamReport> out = new ArrayList<>();
        for (FakeKinesis.StoredRecord record : records) {
            out.addAll(codec.decode(record.data()).reports());
        }
        return out;
    }

    private static String report(String id, String duration, String billed, String size, String used) {
        return "{\"time\":\"2026-11-23T11:02:00.118Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + id
                + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":" + duration + ",\"billedDurationMs\":" + billed
                + ",\"memorySizeMB\":" + size + ",\"maxMemoryUsedMB\":" + used + "}}}";
    }

    /** Every field as Lambda reported it in the {@code platform.report} event. */
    static void assertSameAsReported(JsonNode event, StreamReport read) {
        JsonNode record = event.path("record");
        JsonNode metrics = record.path("metrics");
        assertThat(read.time()).isEqualTo(event.hasNonNull("time") ? Instant.parse(event.get("time").asText()) : null);
        assertThat(read.requestId()).isEqualTo(record.get("requestId").asText());
        assertThat(read.status()).isEqualTo(record.hasNonNull("status") ? record.get("status").asText() : null);
        assertThat(read.errorType()).isEqualTo(record.hasNonNull("errorType") ? record.get("errorType").asText() : null);
        assertThat(read.durationMs()).isEqualTo(metrics.get("durationMs").asDouble());
        assertThat(read.billedDurationMs()).isEqualTo(metrics.has("billedDurationMs")
                ? metrics.get("billedDurationMs").asLong() : (long) Math.ceil(metrics.get("durationMs").asDouble()));
        assertThat(read.memorySizeMb()).isEqualTo(metrics.get("memorySizeMB").asInt());
        assertThat(read.maxMemoryUsedMb()).isEqualTo(metrics.get("maxMemoryUsedMB").asInt());
        assertThat(read.initDurationMs()).isEqualTo(metrics.has("initDurationMs")
                ? metrics.get("initDurationMs").asDouble() : null);
        assertThat(read.restoreDurationMs()).isEqualTo(metrics.has("restoreDurationMs")
                ? metrics.get("restoreDurationMs").asDouble() : null);
    }
}
