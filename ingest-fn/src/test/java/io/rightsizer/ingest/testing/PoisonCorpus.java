package io.rightsizer.ingest.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.domain.function.FunctionRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The poison corpus ({@code events/poison-corpus.json}): one Kinesis event per bad value, each holding the bad record
 * between two good extension records of {@code checkout-api} (peaks 211 and 260 MB). Written by {@link FixtureWriter}.
 */
public final class PoisonCorpus {

    /** The good records' function, and the highest peak they carry. */
    public static final String GOOD_FUNCTION = "checkout-api";
    public static final int GOOD_MAX = 260;

    private static final String ACCOUNT = FixtureWriter.ACCOUNT;
    private static final Instant ARRIVAL = Instant.parse("2026-11-02T08:20:00.123Z");
    private static final String ARN = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:orders-worker";

    private PoisonCorpus() {
    }

    /** An extension record of orders-worker whose one report has these figures (raw JSON, as a broken producer writes). */
    private static String extension(String duration, String billed, String size, String used) {
        return extension("\"durationMs\":" + duration + ",\"billedDurationMs\":" + billed + ",\"memorySizeMb\":" + size
                + ",\"maxMemoryUsedMb\":" + used);
    }

    private static String extension(String figures) {
        return "{\"v\":1,\"functionArn\":\"" + ARN + "\",\"reports\":[{\"time\":\"2026-11-02T08:15:00Z\","
                + "\"requestId\":\"poison\",\"status\":\"success\"," + figures + "}]}";
    }

    /** A CloudWatch Logs payload of orders-worker with these log event messages (JSON-escaped). */
    private static byte[] cloudWatch(String... messages) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < messages.length; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"timestamp\":1793607000000,")
                    .append("\"message\":\"").append(messages[i]).append("\"}");
        }
        return KinesisEvents.gzip(FixtureWriter.cloudWatch("orders-worker", events.toString()));
    }

    private static String reportLine(String duration, String billed, String size, String used) {
        return "REPORT RequestId: 7a2b3c4d-poison\\tDuration: " + duration + " ms\\tBilled Duration: " + billed
                + " ms\\tMemory Size: " + size + " MB\\tMax Memory Used: " + used + " MB\\t";
    }

    private static String platformReport(String metrics) {
        return "{\\\"time\\\":\\\"2026-11-02T08:15:00.000Z\\\",\\\"type\\\":\\\"platform.report\\\",\\\"record\\\":{"
                + "\\\"requestId\\\":\\\"poison\\\",\\\"status\\\":\\\"success\\\",\\\"metrics\\\":{" + metrics + "}}}";
    }

    /** Every bad record by case name, with the skip kind it must be counted as. */
    static Map<String, Object[]> cases() {
        Map<String, Object[]> c = new LinkedHashMap<>();
        c.put("durationMs NaN as a string", bad(extension("\"NaN\"", "13", "512", "100")));
        c.put("durationMs Infinity as a string", bad(extension("\"Infinity\"", "13", "512", "100")));
        c.put("durationMs -Infinity as a string", bad(extension("\"-Infinity\"", "13", "512", "100")));
        c.put("durationMs 1e200", bad(extension("1e200", "13", "512", "100")));
        c.put("durationMs -0", bad(extension("-0.0", "13", "512", "100")));
        c.put("memorySizeMb -0", bad(extension("12.5", "13", "-0", "0")));
        c.put("memorySizeMb as a string", bad(extension("12.5", "13", "\"512\"", "100")));
        c.put("billedDurationMs 999999999999999999", bad(extension("12.5", "999999999999999999", "512", "100")));
        c.put("billedDurationMs beyond a long", bad(extension("12.5", "123456789012345678901234567890", "512",
                "100")));
        c.put("maxMemoryUsedMb above memorySizeMb", bad(extension("12.5", "13", "512", "4096")));
        c.put("memorySizeMb 0", bad(extension("12.5", "13", "0", "0")));
        c.put("memorySizeMb 3", bad(extension("12.5", "13", "3", "1")));
        c.put("memorySizeMb 20000", bad(extension("12.5", "13", "20000", "100")));
        c.put("durationMs of a year", bad(extension("31536000000", "13", "512", "100")));
        c.put("nested garbage for a figure", bad(extension("{\"a\":[1,{\"b\":[2,[3]]}]}", "13", "512", "100")));
        c.put("deeply nested arrays", bad("{\"v\":1,\"functionArn\":\"" + ARN + "\",\"reports\":["
                + "[".repeat(3000) + "]".repeat(3000) + "]}"));
        byte[] truncated = cloudWatch(reportLine("12.50", "13", "512", "100"));
        c.put("truncated gzip", bad(Arrays.copyOf(truncated, truncated.length - 9)));
        c.put("CONTROL_MESSAGE", new Object[] {KinesisEvents.gzip("{\"messageType\":\"CONTROL_MESSAGE\","
                + "\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\",\"subscriptionFilters\":[],"
                + "\"logEvents\":[{\"id\":\"\",\"timestamp\":1793607000000,\"message\":\"CWL CONTROL MESSAGE: Checking"
                + " health of destination Kinesis stream.\"}]}"), "controlMessage"});
        String[] ten = new String[10];
        Arrays.fill(ten, reportLine("12.50", "999999999999999999", "512", "100"));
        c.put("ten REPORT lines billed 999999999999999999 ms", new Object[] {cloudWatch(ten), "malformed", 10});
        c.put("REPORT line duration 1e200", bad(cloudWatch(reportLine("1e200", "13", "512", "100"))));
        c.put("REPORT line memory size 20000", bad(cloudWatch(reportLine("12.50", "13", "20000", "100"))));
        c.put("REPORT line max used above the size", bad(cloudWatch(reportLine("12.50", "13", "512", "513"))));
        c.put("platform.report durationMs NaN as a string", bad(cloudWatch(platformReport(
                "\\\"durationMs\\\":\\\"NaN\\\",\\\"billedDurationMs\\\":13,\\\"memorySizeMB\\\":512,"
                        + "\\\"maxMemoryUsedMB\\\":100"))));
        c.put("platform.report memory as a string", bad(cloudWatch(platformReport(
                "\\\"durationMs\\\":12.5,\\\"billedDurationMs\\\":13,\\\"memorySizeMB\\\":\\\"512\\\","
                        + "\\\"maxMemoryUsedMB\\\":100"))));
        c.put("not JSON at all", bad("hello from a misconfigured producer".getBytes(StandardCharsets.UTF_8)));
        c.put("binary garbage", bad(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80, 0x1f, 0x00, 0x3c}));
        return c;
    }

    private static Object[] bad(String record) {
        return bad(record.getBytes(StandardCharsets.UTF_8));
    }

    private static Object[] bad(byte[] record) {
        return new Object[] {record, "malformed", 1};
    }

    /** The corpus as committed: {@code [{"case","countedAs","count","event":{"Records":[good, bad, good]}}]}. */
    static String json() {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode corpus = mapper.createArrayNode();
        FunctionRef checkout = FunctionRef.of(GOOD_FUNCTION, ACCOUNT, "us-east-1");
        cases().forEach((name, c) -> {
            KinesisEvents event = new KinesisEvents("us-east-1", ACCOUNT)
                    .add(GOOD_FUNCTION, FixtureWriter.extension(checkout,
                            FixtureWriter.report("2026-11-02T08:15:04.512Z", 1024, 211, null)), ARRIVAL)
                    .add("orders-worker", (byte[]) c[0], ARRIVAL)
                    .add(GOOD_FUNCTION, FixtureWriter.extension(checkout,
                            FixtureWriter.report("2026-11-02T09:15:04.512Z", 1024, GOOD_MAX, null)), ARRIVAL);
            ObjectNode entry = corpus.addObject();
            entry.put("case", name);
            entry.put("countedAs", (String) c[1]);
            entry.put("count", c.length > 2 ? (Integer) c[2] : 1);
            try {
                entry.set("event", mapper.readTree(event.json()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(corpus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
