package io.rightsizer.ingest;

import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.window.WindowCoordinator;
import io.rightsizer.domain.window.WindowSettings;
import io.rightsizer.ingest.testing.KinesisEvents;
import io.rightsizer.logs.envelope.StreamBatch;
import io.rightsizer.logs.envelope.StreamInput;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.logs.envelope.StreamReport;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.memory.InMemoryWindowStarter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz of decode → fold → store on DynamoDB Local: 100,000 stream records, extension records and CloudWatch
 * Logs payloads of REPORT lines and JSON reports, of which a third are mutated good ones (bytes flipped, cut, tokens
 * and hostile numbers spliced in, gzip damaged). No exception may escape, no batch may fail, and every good record's
 * maximum is stored exactly. Good records belong to functions named {@code good-*}, mutated ones to {@code bad-*}, so
 * a mutation can never raise a good function's figures.
 */
class IngestFuzzTest {

    private static final long SEED = 20_261_102L;
    private static final int RECORDS = 100_000;
    private static final int BATCH = 1_000;
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-04T00:30:00Z"), ZoneOffset.UTC);
    private static final Instant DAY_START = Instant.parse("2026-11-02T00:00:00Z");
    private static final int[] SIZES = {128, 256, 512, 1024, 1769, 3008, 10240};
    private static final String[] HOSTILE = {"NaN", "\"NaN\"", "Infinity", "\"-Infinity\"", "1e200", "-1e200", "-0",
        "-0.0", "99999999999999999999999999999", "999999999999999999", "0", "3", "20000", "\"512\"", "{}", "[]",
        "{\"a\":[1,{\"b\":2}]}", "null", "true", "1.5", "-1", "31536000000", "[[[[[[[[[[1]]]]]]]]]]", "1e-300",
        "4.9e-324", "0.000000000000000000000000000000000000001", "123456.123456789012345678901234567890123"};
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "\u00e9", "NaN",
        "\t", "\n", "REPORT RequestId: x", "Memory Size: ", " MB", "Max Memory Used: 99999 MB", "\"v\":2",
        "\"reports\":null", "\"functionArn\":\"orders\""};
    private static final Pattern NUMBER = Pattern.compile("(?<=[:\\s])-?\\d+(\\.\\d+)?");

    private static DynamoDbLocal dynamo;

    private final Random random = new Random(SEED);
    private final StreamRecordCodec codec = new StreamRecordCodec();
    /** The good records' maximum per function ARN, day and memory size. */
    private final Map<String, Map<LocalDate, TreeMap<Integer, Integer>>> expected = new HashMap<>();
    private int requestIds;

    @BeforeAll
    static void start() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Test
    void aHundredThousandGeneratedAndMutatedRecordsNeverEscapeAndEveryGoodMaximumIsStored() {
        String table = dynamo.createTable();
        DynamoDbUsageStore store = new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);
        IngestProcessor processor = new IngestProcessor(store, new WindowCoordinator(
                new DynamoDbWindowStore(dynamo.client(), table),
                new InMemoryWindowStarter("arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:Rightsizer"),
                WindowSettings.ofDays(14), CLOCK), CLOCK);
        HomeScope home = new HomeScope(ACCOUNT, REGION);

        long reports = 0;
        long malformed = 0;
        int sequence = 0;
        for (int b = 0; b < RECORDS / BATCH; b++) {
            List<StreamInput> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(new StreamInput(KinesisEvents.sequenceNumber(++sequence), nextRecord(),
                        "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/rightsizer", REGION,
                        DAY_START.plus(Duration.ofHours(20))));
            }

            IngestResult result = processor.process(batch, home);

            assertThat(result.partial()).as("batch %d", b).isFalse();
            reports += result.reports();
            malformed += result.malformed();
        }

        assertThat(malformed).as("the mutations were mostly caught").isGreaterThan(RECORDS / 10);
        assertThat(reports).isPositive();
        for (Map.Entry<String, Map<LocalDate, TreeMap<Integer, Integer>>> function : expected.entrySet()) {
            Map<LocalDate, DailyUsage> stored = new HashMap<>();
            for (DailyUsage d : store.readDays(function.getKey(), LocalDate.parse("2026-11-01"),
                    LocalDate.parse("2026-11-05"))) {
                stored.put(d.day(), d);
            }
            function.getValue().forEach((day, bySize) -> assertThat(stored.get(day))
                    .as("%s on %s", function.getKey(), day).isNotNull()
                    .extracting(DailyUsage::maxUsedBySize).isEqualTo(bySize));
        }
    }

    /** The next record: two in three good, one in three a mutated good one (of a bad-* function). */
    private byte[] nextRecord() {
        boolean mutate = random.nextInt(3) == 0;
        String function = (mutate ? "bad-" : "good-") + random.nextInt(mutate ? 8 : 40);
        int kind = random.nextInt(10);
        if (kind < 6) {
            String json = extensionJson(function, !mutate);
            return mutate ? mutate(json.getBytes(StandardCharsets.UTF_8)) : json.getBytes(StandardCharsets.UTF_8);
        }
        List<String> messages = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            messages.add(kind < 9 ? reportLine(function, !mutate) : platformReport(function, !mutate));
        }
        if (mutate && random.nextBoolean()) {
            int victim = random.nextInt(messages.size());
            messages.set(victim, new String(mutate(messages.get(victim).getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
        }
        byte[] gzip = KinesisEvents.gzip(cloudWatch(function, messages));
        return mutate && random.nextBoolean() ? mutateBytes(gzip) : gzip;
    }

    private String extensionJson(String function, boolean good) {
        FunctionRef ref = FunctionRef.of(function, ACCOUNT, REGION);
        List<StreamReport> reports = new ArrayList<>();
        int n = 1 + random.nextInt(5);
        String version = random.nextBoolean() ? "$LATEST" : null;
        for (int i = 0; i < n; i++) {
            Figures f = figures();
            reports.add(new StreamReport(f.time, "req-" + (++requestIds), random.nextInt(20) == 0 ? "error" : "success",
                    null, f.duration, f.billed, f.size, f.used, random.nextInt(10) == 0 ? 250.5 : null, null,
                    version));
            if (good) {
                expect(ref.functionArn(), f);
            }
        }
        return new String(codec.encode(StreamBatch.of(ref, reports)),
                StandardCharsets.UTF_8);
    }

    private String reportLine(String function, boolean good) {
        Figures f = figures();
        if (good) {
            expect(FunctionRef.of(function, ACCOUNT, REGION).functionArn(), f);
        }
        return "REPORT RequestId: req-" + (++requestIds) + "\tDuration: " + f.duration + " ms\tBilled Duration: "
                + f.billed + " ms\tMemory Size: " + f.size + " MB\tMax Memory Used: " + f.used + " MB\t"
                + "@" + f.time.toEpochMilli();
    }

    private String platformReport(String function, boolean good) {
        Figures f = figures();
        if (good) {
            expect(FunctionRef.of(function, ACCOUNT, REGION).functionArn(), f);
        }
        return "{\"time\":\"" + f.time + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"req-"
                + (++requestIds) + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":" + f.duration
                + ",\"billedDurationMs\":" + f.billed + ",\"memorySizeMB\":" + f.size + ",\"maxMemoryUsedMB\":"
                + f.used + "}}}@" + f.time.toEpochMilli();
    }

    /** A CloudWatch Logs payload; each message ends in {@code @<epoch ms>}, the time of its log event. */
    private static String cloudWatch(String function, List<String> messages) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            String m = messages.get(i);
            int at = m.lastIndexOf('@');
            String timestamp = at < 0 ? "1793577600000" : m.substring(at + 1);
            String message = at < 0 ? m : m.substring(0, at);
            if (!timestamp.chars().allMatch(Character::isDigit) || timestamp.isEmpty() || timestamp.length() > 15) {
                timestamp = "1793577600000";
            }
            events.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"timestamp\":")
                    .append(timestamp).append(",\"message\":").append(jsonString(message)).append('}');
        }
        return "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"" + ACCOUNT + "\",\"logGroup\":\"/aws/lambda/" + function
                + "\",\"logStream\":\"2026/11/02/[$LATEST]0a1b2c\",\"subscriptionFilters\":[\"rightsizer\"],"
                + "\"logEvents\":[" + events + "]}";
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private record Figures(Instant time, double duration, long billed, int size, int used) {
    }

    private Figures figures() {
        int size = SIZES[random.nextInt(SIZES.length)];
        int used = random.nextInt(20) == 0 ? size : 40 + random.nextInt(size - 39);
        double duration = Math.round(random.nextDouble() * 5_000 * 100) / 100.0;
        Instant time = DAY_START.plusMillis((long) (random.nextDouble() * 2 * 86_400_000L));
        return new Figures(time, duration, (long) Math.ceil(duration), size, Math.min(used, size));
    }

    private void expect(String functionArn, Figures f) {
        LocalDate day = LocalDate.ofInstant(f.time, ZoneOffset.UTC);
        expected.computeIfAbsent(functionArn, k -> new HashMap<>()).computeIfAbsent(day, k -> new TreeMap<>())
                .merge(f.size, f.used, Math::max);
    }

    private byte[] mutate(byte[] good) {
        String text = new String(good, StandardCharsets.UTF_8);
        switch (random.nextInt(5)) {
            case 0 -> {
                List<int[]> numbers = new ArrayList<>();
                Matcher m = NUMBER.matcher(text);
                while (m.find()) {
                    numbers.add(new int[] {m.start(), m.end()});
                }
                if (!numbers.isEmpty()) {
                    int[] n = numbers.get(random.nextInt(numbers.size()));
                    text = text.substring(0, n[0]) + HOSTILE[random.nextInt(HOSTILE.length)] + text.substring(n[1]);
                }
                return text.getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                int at = random.nextInt(text.length() + 1);
                return (text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                return java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
            }
            case 3 -> {
                // A report repeated inside the record: a redelivered copy or a doubled array element.
                int open = text.indexOf("[{");
                int close = text.indexOf("}", open + 1);
                if (open >= 0 && close > open) {
                    String element = text.substring(open + 1, close + 1);
                    text = text.substring(0, close + 1) + "," + element + text.substring(close + 1);
                }
                return text.getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return mutateBytes(good);
            }
        }
    }

    private byte[] mutateBytes(byte[] good) {
        byte[] bad = good.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && bad.length > 0; i++) {
            bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
        }
        if (random.nextInt(4) == 0 && bad.length > 2) {
            bad = java.util.Arrays.copyOf(bad, bad.length - 1 - random.nextInt(bad.length / 2));
        }
        return bad;
    }
}
