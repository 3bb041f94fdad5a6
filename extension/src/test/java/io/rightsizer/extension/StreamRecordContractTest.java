package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.logs.envelope.StreamBatch;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.logs.envelope.StreamReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract between the extension and ingest: the records the extension builds from real telemetry decode with
 * the reader ingest uses ({@link StreamRecordCodec}), and every field arrives as the extension meant it.
 */
class StreamRecordContractTest {

    private final StreamRecordCodec codec = new StreamRecordCodec();
    private final Counters counters = new Counters();

    @Test
    void everyKindOfReportTheExtensionWritesDecodesWithCoresReaderFieldForField() throws Exception {
        List<Report> reports = parse("telemetry/contract-batch.json");
        assertThat(reports).hasSize(8);
        Envelope envelope = new Envelope("orders-api", "eu-west-1", "123456789012");

        StreamBatch batch = codec.decode(Shipper.record(envelope, json(reports)));

        assertThat(batch.version()).isEqualTo(StreamBatch.VERSION);
        assertThat(batch.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:orders-api");
        assertThat(batch.functionName()).isEqualTo("orders-api");
        assertThat(batch.accountId()).isEqualTo("123456789012");
        assertThat(batch.region()).isEqualTo("eu-west-1");
        assertThat(batch.partitionKey()).isEqualTo(envelope.functionName());
        assertThat(batch.reports()).hasSameSizeAs(reports);
        for (int i = 0; i < reports.size(); i++) {
            assertRoundTrip(reports.get(i), batch.reports().get(i));
        }
    }

    @Test
    void theEdgeCasesArriveExactly() throws Exception {
        List<Report> reports = parse("telemetry/contract-batch.json");

        List<StreamReport> decoded = codec.decode(
                Shipper.record(new Envelope("orders-api", "eu-west-1", "123456789012"), json(reports))).reports();

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
    void figuresIngestWouldRejectTheRecordForAreSkippedAsMalformedByTheExtensionInstead() {
        String batch = "[" + report("a", "-1.5", "2", "128", "64") + "," + report("b", "3", "-4", "128", "64") + ","
                + report("c", "3", "3", "4294967296", "64") + "," + report("d", "3", "3", "128", "4294967296") + ","
                + report("e", "3", "3", "128", "64") + "]";

        List<Report> reports = new TelemetryParser(counters).parse(batch).reports();

        assertThat(counters.malformed.get()).isEqualTo(4);
        assertThat(reports).extracting(Report::requestId).containsExactly("e");
    }

    private static String report(String id, String duration, String billed, String size, String used) {
        return "{\"time\":\"2026-11-23T11:02:00.118Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + id
                + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":" + duration + ",\"billedDurationMs\":" + billed
                + ",\"memorySizeMB\":" + size + ",\"maxMemoryUsedMB\":" + used + "}}}";
    }

    @Test
    void aRecordOfAChinaRegionFunctionCarriesItsPartitionAndDecodes() throws Exception {
        Report report = parse("telemetry/contract-batch.json").get(0);

        StreamBatch batch = codec.decode(
                Shipper.record(new Envelope("orders-api", "cn-north-1", "123456789012"), List.of(report.toJson())));

        assertThat(batch.functionArn()).isEqualTo("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders-api");
        assertThat(batch.region()).isEqualTo("cn-north-1");
        assertRoundTrip(report, batch.reports().get(0));
    }

    private List<Report> parse(String resource) throws Exception {
        List<Report> reports = new TelemetryParser(counters).parse(ExtensionLayerIT.resource(resource)).reports();
        assertThat(counters.malformed.get()).isZero();
        return reports;
    }

    private static List<String> json(List<Report> reports) {
        List<String> out = new ArrayList<>();
        reports.forEach(r -> out.add(r.toJson()));
        return out;
    }

    static void assertRoundTrip(Report sent, StreamReport read) {
        assertThat(read.time()).isEqualTo(sent.time() == null ? null : Instant.parse(sent.time()));
        assertThat(read.requestId()).isEqualTo(sent.requestId());
        assertThat(read.status()).isEqualTo(sent.status());
        assertThat(read.errorType()).isEqualTo(sent.errorType());
        assertThat(read.durationMs()).isEqualTo(sent.durationMs());
        assertThat(read.billedDurationMs()).isEqualTo(sent.billedDurationMs());
        assertThat((long) read.memorySizeMb()).isEqualTo(sent.memorySizeMb());
        assertThat((long) read.maxMemoryUsedMb()).isEqualTo(sent.maxMemoryUsedMb());
        assertThat(read.initDurationMs()).isEqualTo(sent.initDurationMs());
        assertThat(read.restoreDurationMs()).isEqualTo(sent.restoreDurationMs());
    }
}
