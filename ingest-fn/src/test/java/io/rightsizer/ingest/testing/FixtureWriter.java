package io.rightsizer.ingest.testing;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.logs.envelope.StreamBatch;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.logs.envelope.StreamReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the committed Kinesis event fixtures under {@code src/test/resources/events}; run by hand when the fixture
 * set changes ({@code java ... FixtureWriter <dir>}), never by the build.
 */
public final class FixtureWriter {

    static final String ACCOUNT = "123456789012";
    private static final StreamRecordCodec CODEC = new StreamRecordCodec();
    private static final Instant ARRIVAL = Instant.parse("2026-11-02T08:20:00.123Z");

    private FixtureWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mixed-batch.json"), mixed(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("poison-in-the-middle.json"), poison(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("same-name-two-regions.json"), twoRegions(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("interleaved-three-functions.json"), interleaved(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("same-name-same-minute.json"), sameNameSameMinute(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("poison-corpus.json"), PoisonCorpus.json(), StandardCharsets.UTF_8);
    }

    /**
     * "orders" in us-east-1 and eu-west-1 of this account and in us-east-1 of account 210987654321, all first seen in
     * the minute 08:15, then checkout-api of this account and Region.
     */
    static String sameNameSameMinute() {
        String other = "210987654321";
        return new KinesisEvents("us-east-1", ACCOUNT)
                .add("orders", extension(FunctionRef.of("orders", ACCOUNT, "us-east-1"),
                        report("2026-11-02T08:15:02Z", 512, 150, null)), ARRIVAL)
                .add("orders", extension(FunctionRef.of("orders", ACCOUNT, "eu-west-1"),
                        report("2026-11-02T08:15:21Z", 1024, 700, null)), ARRIVAL)
                .add("orders", extension(FunctionRef.of("orders", other, "us-east-1"),
                        report("2026-11-02T08:15:40Z", 256, 90, null), report("2026-11-02T08:15:41Z", 256, 95, null)),
                        ARRIVAL)
                .add("checkout-api", extension(FunctionRef.of("checkout-api", ACCOUNT, "us-east-1"),
                        report("2026-11-02T08:15:59Z", 1024, 230, null)), ARRIVAL)
                .json();
    }

    /** Two extension records of checkout-api, one of image-resizer, a CloudWatch DATA_MESSAGE of orders-worker and a CONTROL_MESSAGE. */
    static String mixed() {
        FunctionRef checkout = FunctionRef.of("checkout-api", ACCOUNT, "us-east-1");
        FunctionRef resizer = FunctionRef.of("image-resizer", ACCOUNT, "us-east-1");
        return new KinesisEvents("us-east-1", ACCOUNT)
                .add("checkout-api", extension(checkout, report("2026-11-02T08:15:04.512Z", 1024, 211, 612.08),
                        report("2026-11-02T08:15:05.020Z", 1024, 230, null)), ARRIVAL)
                .add("image-resizer", extension(resizer, report("2026-11-02T08:16:00.000Z", 2048, 1310, 900.5),
                        oom("2026-11-02T08:16:30.000Z", 2048)), ARRIVAL)
                .add("0a1b2c3d4e5f", KinesisEvents.gzip(cloudWatch("orders-worker",
                        "{\"id\":\"37980145937498237498237498237498237498237498237498230001\",\"timestamp\":1793607000000,"
                                + "\"message\":\"START RequestId: 6f1c3d2e-0a1b-4c5d-8e9f-101112131415 Version: $LATEST\\n\"},"
                                + "{\"id\":\"37980145937498237498237498237498237498237498237498230002\",\"timestamp\":1793607000350,"
                                + "\"message\":\"REPORT RequestId: 6f1c3d2e-0a1b-4c5d-8e9f-101112131415\\tDuration: 312.44 ms\\t"
                                + "Billed Duration: 313 ms\\tMemory Size: 512 MB\\tMax Memory Used: 188 MB\\t"
                                + "Init Duration: 401.10 ms\\t\\n\"},"
                                + "{\"id\":\"37980145937498237498237498237498237498237498237498230003\",\"timestamp\":1793607060100,"
                                + "\"message\":\"REPORT RequestId: 7a2b3c4d-5e6f-4a1b-9c8d-161718192021\\tDuration: 95.02 ms\\t"
                                + "Billed Duration: 96 ms\\tMemory Size: 512 MB\\tMax Memory Used: 240 MB\\t\\n\"}")),
                        ARRIVAL)
                .add("0a1b2c3d4e5f", KinesisEvents.gzip("{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\","
                        + "\"logGroup\":\"\",\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\","
                        + "\"timestamp\":1793607000000,\"message\":\"CWL CONTROL MESSAGE: Checking health of destination"
                        + " Kinesis stream.\"}]}"), ARRIVAL)
                .json();
    }

    /** A good record, text that is not a record, a good record, a truncated gzip payload, a good record. */
    static String poison() {
        FunctionRef checkout = FunctionRef.of("checkout-api", ACCOUNT, "us-east-1");
        byte[] truncated = KinesisEvents.gzip(cloudWatch("orders-worker",
                "{\"id\":\"1\",\"timestamp\":1793607000000,\"message\":\"REPORT RequestId: x\\tDuration: 1 ms\"}"));
        truncated = Arrays.copyOf(truncated, truncated.length / 2);
        return new KinesisEvents("us-east-1", ACCOUNT)
                .add("checkout-api", extension(checkout, report("2026-11-02T08:15:04.512Z", 1024, 211, null)), ARRIVAL)
                .add("checkout-api", "hello from a misconfigured producer", ARRIVAL)
                .add("checkout-api", extension(checkout, report("2026-11-02T09:15:04.512Z", 1024, 260, null)), ARRIVAL)
                .add("0a1b2c3d4e5f", truncated, ARRIVAL)
                .add("checkout-api", "{\"v\":7,\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:checkout-api\","
                        + "\"reports\":[]}", ARRIVAL)
                .add("checkout-api", extension(checkout, report("2026-11-02T10:15:04.512Z", 1024, 199, null)), ARRIVAL)
                .json();
    }

    /** The function name "orders" in us-east-1 and in eu-west-1 (one stream can carry both through cross-Region producers). */
    static String twoRegions() {
        return new KinesisEvents("us-east-1", ACCOUNT)
                .add("orders", extension(FunctionRef.of("orders", ACCOUNT, "us-east-1"),
                        report("2026-11-02T08:15:00Z", 512, 150, null)), ARRIVAL)
                .add("orders", extension(FunctionRef.of("orders", ACCOUNT, "eu-west-1"),
                        report("2026-11-02T08:17:00Z", 1024, 700, null)), ARRIVAL)
                .json();
    }

    /** Records of alpha, beta, alpha, gamma, beta (in that order) to check where a retry resumes. */
    static String interleaved() {
        FunctionRef alpha = FunctionRef.of("alpha", ACCOUNT, "us-east-1");
        FunctionRef beta = FunctionRef.of("beta", ACCOUNT, "us-east-1");
        FunctionRef gamma = FunctionRef.of("gamma", ACCOUNT, "us-east-1");
        return new KinesisEvents("us-east-1", ACCOUNT)
                .add("alpha", extension(alpha, report("2026-11-02T08:00:00Z", 256, 100, null)), ARRIVAL)
                .add("beta", extension(beta, report("2026-11-02T08:00:01Z", 256, 110, null)), ARRIVAL)
                .add("alpha", extension(alpha, report("2026-11-02T08:00:02Z", 256, 120, null)), ARRIVAL)
                .add("gamma", extension(gamma, report("2026-11-02T08:00:03Z", 256, 130, null)), ARRIVAL)
                .add("beta", extension(beta, report("2026-11-02T08:00:04Z", 256, 140, null)), ARRIVAL)
                .json();
    }

    static byte[] extension(FunctionRef function, StreamReport... reports) {
        return CODEC.encode(StreamBatch.of(function, new ArrayList<>(List.of(reports))));
    }

    static StreamReport report(String time, int sizeMb, int usedMb, Double initMs) {
        return new StreamReport(Instant.parse(time), "req-" + time.hashCode(), "success", null, 120.5, 121, sizeMb,
                usedMb, initMs, null);
    }

    static StreamReport oom(String time, int sizeMb) {
        return new StreamReport(Instant.parse(time), "req-oom", "error", "Runtime.OutOfMemory", 2000, 2000, sizeMb,
                sizeMb, null, null);
    }

    static String cloudWatch(String functionName, String logEvents) {
        return "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"" + ACCOUNT + "\",\"logGroup\":\"/aws/lambda/"
                + functionName + "\",\"logStream\":\"2026/11/02/[$LATEST]4a6b8c0d2e4f60718293a4b5c6d7e8f9\","
                + "\"subscriptionFilters\":[\"rightsizer\"],\"logEvents\":[" + logEvents + "]}";
    }
}
