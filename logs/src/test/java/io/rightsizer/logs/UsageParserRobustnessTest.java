package io.rightsizer.logs;

import io.rightsizer.logs.ParseFixtures.Parsed;
import io.rightsizer.logs.UsageParser.Mode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Format detection, garbage, and inputs bigger than any buffer. */
class UsageParserRobustnessTest {

    private static Mode detect(String head) {
        byte[] b = head.getBytes(StandardCharsets.UTF_8);
        return UsageParser.detect(b, b.length);
    }

    @Test
    void detectsEachFormFromItsFirstBytes() {
        assertThat(detect("REPORT RequestId: x\n")).isEqualTo(Mode.LINES);
        assertThat(detect("[INFO]\t2026-11-02T10:15:03.120Z\treq\thello\n")).isEqualTo(Mode.LINES);
        assertThat(detect("{\"time\":\"t\",\"type\":\"platform.start\",\"record\":{\"a\":\"}\"}}\n{}"))
                .as("JSON lines").isEqualTo(Mode.LINES);
        assertThat(detect("{\n  \"events\": []\n}\n")).as("a small document is one frame").isEqualTo(Mode.LINES);
        assertThat(detect("\uFEFF  [{\"time\":1},\n{\"time\":2}]")).isEqualTo(Mode.LINES);
        String large = "[" + "{\"time\":1},\n".repeat(8000);
        assertThat(detect(large)).as("a value larger than the peek is streamed").isEqualTo(Mode.JSON_DOCUMENT);
        assertThat(detect("H4sI" + "A".repeat(72) + "\nAAAA\n")).isEqualTo(Mode.BASE64_GZIP);
        assertThat(detect(" \n\t ")).isEqualTo(Mode.EMPTY);
    }

    @Test
    void randomBytesWhenParsedThenNothingThrowsAndNoUsageIsInvented() {
        Random random = new Random(20261102L);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(4096)];
            random.nextBytes(junk);
            if (i % 3 == 0 && junk.length > 1) {
                junk[0] = (byte) (i % 2 == 0 ? '{' : '[');
            }
            Parsed parsed = ParseFixtures.parse(junk, "f");
            assertThat(parsed.usages()).isEmpty();
        }
    }

    @Test
    void damagedCopiesOfEveryFixtureWhenParsedThenNoParserFailsOtherThanWithAUsageParseException() {
        String[] fixtures = {"text/plain.log", "text/aws-logs-tail.log", "text/wrapped.log", "text/failures.log",
            "json/telemetry-batch.json", "json/telemetry.jsonl", "json/report-pretty.json",
            "json/cloudwatch-json-format.log", "subscription/data-message.json", "subscription/awslogs-event.json",
            "cli/get-log-events.json"};
        Random random = new Random(7L);
        for (int i = 0; i < 300; i++) {
            byte[] input = ParseFixtures.bytes(fixtures[random.nextInt(fixtures.length)]);
            if (random.nextBoolean()) {
                input = ParseFixtures.gzip(input);
            }
            byte[] damaged = damage(input, random);

            Parsed parsed = ParseFixtures.parse(damaged, random.nextBoolean() ? "f" : null);
            assertThat(parsed.stats().reports()).isEqualTo(parsed.usages().size());
            try {
                new SubscriptionPayloadParser().parse(damaged, u -> { }, new ParseStats());
            } catch (UsageParseException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static byte[] damage(byte[] input, Random random) {
        byte[] b = input.clone();
        for (int m = random.nextInt(6); m > 0 && b.length > 1; m--) {
            int p = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0:
                    b[p] = (byte) random.nextInt(256);
                    break;
                case 1:
                    b = Arrays.copyOf(b, p);
                    break;
                default:
                    b[p] = (byte) "\n\t {}[]\":,".charAt(random.nextInt(10));
                    break;
            }
        }
        return b;
    }

    @Test
    void corruptGzipWhenParsedThenTheRecordsBeforeTheDamageCountAndTheDamageIsMalformed() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("REPORT RequestId: r").append(i).append("\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
                    + "Memory Size: 128 MB\tMax Memory Used: 60 MB\t\n");
        }
        byte[] gz = ParseFixtures.gzip(text.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);

        Parsed parsed = ParseFixtures.parse(truncated, "f");

        assertThat(parsed.usages()).isNotEmpty().hasSizeLessThan(5000);
        // The gzip damage, and possibly the half line before it.
        assertThat(parsed.stats().skipped("malformed")).isBetween(1L, 2L);
        assertThat(parsed.stats().malformedSamples()).anySatisfy(s -> assertThat(s.reason()).contains("gzip"));
        assertThat(parsed.stats().unreadRest().reason()).contains("gzip");
    }

    @Test
    void manyBrokenLinesBeforeTheGzipDamageWhenParsedThenTheUnreadRestIsStillReported() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            text.append(i < 10 ? "REPORT RequestId: broken" + i + "\tDuration: x ms\n" : "START RequestId: r" + i + "\n");
        }
        byte[] gz = ParseFixtures.gzip(text.toString().getBytes(StandardCharsets.US_ASCII));

        Parsed parsed = ParseFixtures.parse(Arrays.copyOf(gz, gz.length - 12), "f");

        assertThat(parsed.stats().malformedSamples()).hasSize(ParseStats.MAX_SAMPLES)
                .noneSatisfy(s -> assertThat(s.reason()).contains("gzip"));
        assertThat(parsed.stats().unreadRest()).isNotNull();
        assertThat(parsed.stats().unreadRest().reason()).contains("gzip");
    }

    @Test
    void aWholeInputWhenParsedThenNothingIsLeftUnread() {
        assertThat(ParseFixtures.parseResource("json/telemetry-batch.json", "f").stats().unreadRest()).isNull();
        assertThat(ParseFixtures.parseResource("text/messy-garbage.log", "f").stats().unreadRest()).isNull();
    }

    @Test
    void anEmptyInputWhenParsedThenNothingIsCounted() {
        Parsed parsed = ParseFixtures.parse(new byte[0], "f");

        assertThat(parsed.stats().reports()).isZero();
        assertThat(parsed.stats().skipped()).isEmpty();
    }

    @Test
    void anInputFarLargerThanTheBuffersWhenStreamedThenEveryRecordArrivesInOrder() throws IOException {
        long lines = 200_000;
        byte[] line = ("2026-11-02T10:15:03.123Z\tREPORT RequestId: 3f1c9a2e-7b4d-4e8f-9a0b-000000000000\t"
                + "Duration: 128.83 ms\tBilled Duration: 129 ms\tMemory Size: 512 MB\tMax Memory Used: 74 MB\t\n")
                .getBytes(StandardCharsets.US_ASCII);
        int idEnd = new String(line, StandardCharsets.US_ASCII).indexOf("\tDuration");
        InputStream generated = new InputStream() {
            private long produced;
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (produced >= lines) {
                    return -1;
                }
                if (pos == 0) {
                    // Every line its own invocation: the request id counts the lines.
                    byte[] digits = Long.toString(produced).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(digits, 0, line, idEnd - digits.length, digits.length);
                }
                int n = Math.min(len, line.length - pos);
                System.arraycopy(line, pos, buf, off, n);
                pos += n;
                if (pos == line.length) {
                    pos = 0;
                    produced++;
                }
                return n;
            }
        };
        AtomicLong seen = new AtomicLong();

        ParseStats stats = new UsageParser().parse(generated, new ParseOptions("f"), u -> seen.incrementAndGet());

        assertThat(seen.get()).isEqualTo(lines);
        assertThat(stats.reports()).isEqualTo(lines);
        assertThat(stats.skipped()).isEmpty();
    }

    @Test
    void theCallersStreamIsNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("REPORT RequestId: r\n".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new UsageParser().parse(in, new ParseOptions("f"), u -> { });

        assertThat(closed[0]).isFalse();
    }
}
