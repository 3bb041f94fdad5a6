package io.rightsizer.logs.envelope;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.InvocationUsage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamRecordCodecTest {

    private final StreamRecordCodec codec = new StreamRecordCodec();

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StreamRecordCodecTest.class.getResourceAsStream("/stream/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aVersion1RecordFromTheExtensionWhenDecodedThenEveryReportIsUsageKeyedByTheFunctionArn()
            throws Exception {
        StreamBatch batch = codec.decode(fixture("extension-batch-v1.json"));

        assertThat(batch.function()).isEqualTo(FunctionRef.fromArn(
                "arn:aws:lambda:eu-west-1:123456789012:function:checkout-api"));
        assertThat(batch.partitionKey()).isEqualTo("checkout-api");
        List<InvocationUsage> usages = batch.usages();
        assertThat(usages).hasSize(3).allSatisfy(u ->
                assertThat(u.function()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:checkout-api"));
        assertThat(usages.get(0).coldStart()).isTrue();
        assertThat(usages.get(0).time()).isEqualTo(Instant.parse("2026-11-02T08:15:04.512Z"));
        assertThat(usages.get(1).requestId()).isEqualTo("0b8c1a44-3f7e-4a39-b1f2-4b9d7c6e5d02");
        assertThat(usages.get(1).initDurationMs()).isNull();
        assertThat(usages.get(2).outOfMemory()).isTrue();
    }

    @Test
    void encodingAndDecodingGiveTheSameBatch() throws Exception {
        StreamBatch batch = StreamBatch.of(FunctionRef.of("orders", "123456789012", "us-east-1"), List.of(
                new StreamReport(Instant.parse("2026-11-02T08:00:00Z"), "r1", "success", null, 12.3, 13, 128, 70,
                        null, null)));

        byte[] bytes = codec.encode(batch);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"functionArn\":")
                .contains("\"time\":\"2026-11-02T08:00:00Z\"");
        assertThat(codec.decode(bytes)).isEqualTo(batch);
    }

    @Test
    void eachReportsFunctionVersionIsWrittenAndReadBackAndAnythingButLatestOrANumberIsRefused() throws Exception {
        StreamBatch batch = StreamBatch.of(FunctionRef.of("orders", "123456789012", "us-east-1"), List.of(
                new StreamReport(Instant.parse("2026-11-02T08:00:00Z"), "r1", "success", null, 12.3, 13, 128, 70,
                        null, null, "$LATEST")));
        String json = new String(codec.encode(batch), StandardCharsets.UTF_8);

        assertThat(json).contains("\"functionVersion\":\"$LATEST\"");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).usages())
                .allSatisfy(u -> assertThat(u.version()).isEqualTo("$LATEST"));
        assertThatThrownBy(() -> codec.decode(json.replace("$LATEST", "live").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StreamRecordException.class).hasMessageContaining("functionVersion");
    }

    @Test
    void aQualifiedArnAndMissingIdentityFieldsAreCompletedFromTheArn() throws Exception {
        String json = "{\"v\":1,\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders:live\","
                + "\"reports\":[{\"time\":\"2026-11-02T08:00:00Z\",\"durationMs\":1,\"billedDurationMs\":1,"
                + "\"memorySizeMb\":128,\"maxMemoryUsedMb\":64}]}";

        StreamBatch batch = codec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(batch.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:orders");
        assertThat(batch.functionName()).isEqualTo("orders");
        assertThat(batch.accountId()).isEqualTo("123456789012");
        assertThat(batch.region()).isEqualTo("us-east-1");
    }

    @Test
    void malformedRecordsAreRejectedWithAReason() {
        String report = "{\"time\":\"2026-11-02T08:00:00Z\",\"durationMs\":1,\"billedDurationMs\":1,"
                + "\"memorySizeMb\":128,\"maxMemoryUsedMb\":64}";
        String arn = "\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\"";
        assertRejected("not json", "unreadable");
        assertRejected("{\"v\":2," + arn + ",\"reports\":[" + report + "]}", "version 2");
        assertRejected("{" + arn + ",\"reports\":[" + report + "]}", "missing format version");
        assertRejected("{\"v\":1,\"functionArn\":\"orders\",\"reports\":[" + report + "]}", "not a Lambda function ARN");
        assertRejected("{\"v\":1," + arn + ",\"region\":\"eu-west-1\",\"reports\":[" + report + "]}", "does not match");
        assertRejected("{\"v\":1," + arn + ",\"reports\":[]}", "at least one report");
        assertRejected("{\"v\":1," + arn + ",\"reports\":[{\"time\":\"yesterday\",\"memorySizeMb\":128}]}", "ISO-8601");
        assertRejected("{\"v\":1," + arn + ",\"reports\":[" + report.replace("\"billedDurationMs\":1,", "") + "]}",
                "type `long`");
        assertRejected("{\"v\":1," + arn + ",\"reports\":[" + report.replace("128", "0") + "]}", "memory size");
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(StreamRecordException.class);
    }

    private void assertRejected(String json, String reason) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StreamRecordException.class).hasMessageContaining(reason);
    }

    @Test
    void theFastTimeParserAgreesWithTheIsoParserAndLeavesOtherFormsToIt() {
        for (String time : List.of("2026-11-02T08:00:00Z", "2026-11-02T08:00:00.1Z", "2026-11-02T08:00:00.123Z",
                "2026-02-28T23:59:59.999999999Z", "1999-12-31T00:00:07.000001Z")) {
            assertThat(StreamRecordCodec.utcInstant(time)).as(time).isEqualTo(Instant.parse(time));
        }
        assertThat(StreamRecordCodec.utcInstant("2026-11-02T08:00:00+01:00")).isNull();
        assertThat(StreamRecordCodec.utcInstant("2026-02-30T08:00:00Z")).isNull();
        assertThat(StreamRecordCodec.utcInstant("2026-11-02T08:00:00.Z")).isNull();
    }

    @Test
    void timesWithAnOffsetAreAcceptedAndNormalisedToUtc() throws Exception {
        String json = "{\"v\":1,\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\","
                + "\"reports\":[{\"time\":\"2026-11-02T09:00:00+01:00\",\"durationMs\":1,\"billedDurationMs\":1,"
                + "\"memorySizeMb\":128,\"maxMemoryUsedMb\":64}]}";

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).reports().get(0).time())
                .isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
    }

    @Test
    void aReportWithoutTimeIsKeptAndDatedByTheCallersFallback() throws Exception {
        String json = "{\"v\":1,\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\","
                + "\"reports\":[{\"time\":null,\"durationMs\":1,\"billedDurationMs\":1,"
                + "\"memorySizeMb\":128,\"maxMemoryUsedMb\":64}]}";

        StreamBatch batch = codec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(batch.usages().get(0).time()).isNull();
        assertThat(batch.usages(Instant.parse("2026-11-02T08:00:00Z")).get(0).time())
                .isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
    }
}
