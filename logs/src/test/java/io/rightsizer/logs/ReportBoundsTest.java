package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.logs.envelope.StreamRecordException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every number is checked where it is decoded: a REPORT line, a JSON {@code platform.report} and an extension record
 * whose figures Lambda cannot have written are malformed, never usage.
 */
class ReportBoundsTest {

    private static final String GOOD_LINE = "REPORT RequestId: 1f0e\\tDuration: 12.50 ms\\tBilled Duration: 13 ms\\t"
            + "Memory Size: 512 MB\\tMax Memory Used: 100 MB\\t";

    /** One CloudWatch Logs payload with a good line, the line under test and another good line. */
    private static byte[] payload(String message) {
        String events = "{\"id\":\"1\",\"timestamp\":1793607000000,\"message\":\"" + GOOD_LINE + "\"},"
                + "{\"id\":\"2\",\"timestamp\":1793607000100,\"message\":\"" + message + "\"},"
                + "{\"id\":\"3\",\"timestamp\":1793607000200,\"message\":\"" + GOOD_LINE + "\"}";
        return ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/orders\","
                + "\"logStream\":\"2026/11/02/[$LATEST]0a1b\",\"subscriptionFilters\":[\"r\"],\"logEvents\":["
                + events + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses the line under test between two good lines and checks it was skipped as malformed, nothing else. */
    private static void assertMalformedBetweenGoodLines(String message) throws UsageParseException {
        List<InvocationUsage> out = new ArrayList<>();
        ParseStats stats = new ParseStats();
        new SubscriptionPayloadParser().parse(payload(message), out::add, stats);
        assertThat(out).as("only the good lines around %s", message).hasSize(2);
        assertThat(stats.skipped(ParseStats.MALFORMED)).as(message).isEqualTo(1);
    }

    private static List<InvocationUsage> parseBetweenGoodLines(String message) throws UsageParseException {
        List<InvocationUsage> out = new ArrayList<>();
        new SubscriptionPayloadParser().parse(payload(message), out::add, new ParseStats());
        return out;
    }

    private static String line(String duration, String billed, String size, String used) {
        return "REPORT RequestId: bad\\tDuration: " + duration + " ms\\tBilled Duration: " + billed
                + " ms\\tMemory Size: " + size + " MB\\tMax Memory Used: " + used + " MB\\t";
    }

    @Test
    void reportLinesWithFiguresLambdaCannotWriteAreMalformed() throws Exception {
        List<String> bad = List.of(
                line("1e200", "13", "512", "100"),
                line("12.5", "999999999999999999", "512", "100"),
                line("12.5", "13", "0", "0"),
                line("12.5", "13", "3", "1"),
                line("12.5", "13", "20000", "100"),
                line("12.5", "13", "512", "513"),
                line("12.5", "13", "512.5", "100"),
                line("31536000000", "13", "512", "100"),
                line("-0", "13", "512", "100"),
                line("NaN", "13", "512", "100"),
                line("Infinity", "13", "512", "100"),
                line("12.5", "13", "512", "99999999999999999999999999"));
        for (String message : bad) {
            assertMalformedBetweenGoodLines(message);
        }
    }

    private static String platformReport(String metrics) {
        return "{\\\"time\\\":\\\"2026-11-02T08:00:00.000Z\\\",\\\"type\\\":\\\"platform.report\\\",\\\"record\\\":"
                + "{\\\"requestId\\\":\\\"bad\\\",\\\"status\\\":\\\"success\\\",\\\"metrics\\\":{" + metrics + "}}}";
    }

    private static String metrics(String duration, String billed, String size, String used) {
        return "\\\"durationMs\\\":" + duration + ",\\\"billedDurationMs\\\":" + billed + ",\\\"memorySizeMB\\\":"
                + size + ",\\\"maxMemoryUsedMB\\\":" + used;
    }

    @Test
    void jsonPlatformReportsWithFiguresLambdaCannotWriteAreMalformed() throws Exception {
        String nan = "\\\"NaN\\\"";
        List<String> bad = List.of(
                metrics(nan, "13", "512", "100"),
                metrics("\\\"Infinity\\\"", "13", "512", "100"),
                metrics("\\\"-Infinity\\\"", "13", "512", "100"),
                metrics("1e200", "13", "512", "100"),
                metrics("12.5", "13", "\\\"512\\\"", "100"),
                metrics("12.5", "13", "512", "{\\\"mb\\\":100}"),
                metrics("12.5", "13", "512", "[100]"),
                metrics("12.5", "1e30", "512", "100"),
                metrics("-0.0", "13", "512", "100"),
                metrics("12.5", "13", "-0", "0"),
                metrics("12.5", "13", "512.7", "100"),
                metrics("12.5", "13", "512", "600"),
                metrics("12.5", "13", "20000", "100"));
        for (String m : bad) {
            assertMalformedBetweenGoodLines(platformReport(m));
        }
    }

    private static final String ARN = "\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\"";

    private static String record(String duration, String billed, String size, String used) {
        return "{\"v\":1," + ARN + ",\"reports\":[{\"time\":\"2026-11-02T08:00:00Z\",\"durationMs\":" + duration
                + ",\"billedDurationMs\":" + billed + ",\"memorySizeMb\":" + size + ",\"maxMemoryUsedMb\":" + used
                + "}]}";
    }

    @Test
    void extensionRecordsWithFiguresLambdaCannotWriteAreMalformed() {
        StreamRecordCodec codec = new StreamRecordCodec();
        List<String> bad = List.of(
                record("\"NaN\"", "13", "512", "100"),
                record("\"Infinity\"", "13", "512", "100"),
                record("\"-Infinity\"", "13", "512", "100"),
                record("1e200", "13", "512", "100"),
                record("12.5", "999999999999999999", "512", "100"),
                record("12.5", "100000000000000000000000000000", "512", "100"),
                record("-0.0", "13", "512", "100"),
                record("12.5", "13", "-0", "0"),
                record("12.5", "13", "0", "0"),
                record("12.5", "13", "3", "1"),
                record("12.5", "13", "20000", "100"),
                record("12.5", "13", "512", "513"),
                record("12.5", "13", "\"512\"", "100"),
                record("\"12.5\"", "13", "512", "100"),
                record("12.5", "13", "512.5", "100"),
                record("31536000000", "13", "512", "100"),
                record("12.5", "13", "512", "{\"mb\":100}"),
                record("12.5", "13", "512", "[[[[100]]]]"),
                "{\"v\":1," + ARN + ",\"reports\":[{\"time\":\"2026-11-02T08:00:00Z\",\"durationMs\":1,"
                        + "\"billedDurationMs\":1,\"memorySizeMb\":512,\"maxMemoryUsedMb\":10,"
                        + "\"initDurationMs\":\"NaN\"}]}",
                "{\"v\":1," + ARN + ",\"reports\":[" + "[".repeat(5000) + "]}");
        for (String json : bad) {
            assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isInstanceOf(StreamRecordException.class);
        }
    }

    @Test
    void goodFiguresAtTheLimitsStillRead() throws Exception {
        assertThat(new StreamRecordCodec().decode(record("900003.27", "960000", "10240", "10240")
                .getBytes(StandardCharsets.UTF_8)).usages()).singleElement()
                .satisfies(u -> assertThat(u.maxMemoryUsedMb()).isEqualTo(10_240));
        assertThat(parseBetweenGoodLines(line("0.98", "1", "128", "128"))).hasSize(3);
        assertThat(parseBetweenGoodLines(platformReport(metrics("0", "1", "128", "0")))).hasSize(3);
    }
}
