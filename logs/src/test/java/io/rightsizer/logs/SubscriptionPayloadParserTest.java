package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.rightsizer.logs.ParseFixtures.bytes;
import static io.rightsizer.logs.ParseFixtures.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CloudWatch Logs subscription payloads as the ingest function receives them from Kinesis. */
class SubscriptionPayloadParserTest {

    private final SubscriptionPayloadParser parser = new SubscriptionPayloadParser();
    private final List<InvocationUsage> out = new ArrayList<>();
    private final ParseStats stats = new ParseStats();

    @Test
    void aGzipDataMessageWhenParsedThenReportsAreBookedToTheLogGroupsFunctionAtTheEventTime()
            throws Exception {
        SubscriptionMessage message = parser.parse(gzip(bytes("subscription/data-message.json")), out::add, stats);

        assertThat(message).isEqualTo(new SubscriptionMessage("DATA_MESSAGE", "210987654321",
                "/aws/lambda/orders-api", "2026/11/02/[$LATEST]4f3e2d1c0b9a89786f5e4d3c2b1a0918", 6));
        assertThat(out).extracting(InvocationUsage::function).containsOnly("orders-api");
        assertThat(out).hasSize(2);
        InvocationUsage first = out.get(0);
        assertThat(first.time()).isEqualTo(Instant.parse("2026-11-02T12:00:01.302Z"));
        assertThat(first.initDurationMs()).as("XRAY after an embedded newline").isEqualTo(889.12);
        assertThat(first.maxMemoryUsedMb()).isEqualTo(201);
        assertThat(stats.skipped("start")).isEqualTo(1);
        assertThat(stats.skipped("end")).isEqualTo(1);
        assertThat(stats.skipped("applicationOutput")).isEqualTo(1);
        assertThat(stats.skipped("malformed")).as("the REPORT without Max Memory Used").isEqualTo(1);
    }

    @Test
    void theDecodedJsonWhenParsedThenItReadsTheSameAsTheGzipBytes() throws Exception {
        List<InvocationUsage> fromGzip = new ArrayList<>();
        parser.parse(gzip(bytes("subscription/data-message.json")), fromGzip::add, new ParseStats());

        parser.parse(bytes("subscription/data-message.json"), out::add, stats);

        assertThat(out).isEqualTo(fromGzip);
    }

    @Test
    void jsonFormatLogEventsWhenParsedThenThePlatformReportInsideTheMessageIsRead() throws Exception {
        parser.parse(gzip(bytes("subscription/data-message-json-format.json")), out::add, stats);

        InvocationUsage usage = out.get(0);
        assertThat(out).hasSize(1);
        assertThat(usage.function()).isEqualTo("payments");
        assertThat(usage.outOfMemory()).isTrue();
        assertThat(usage.time()).isEqualTo(Instant.parse("2026-11-02T16:00:00.391Z"));
        assertThat(stats.skipped("platform.start")).isEqualTo(1);
        assertThat(stats.skipped("applicationOutput")).isEqualTo(1);
    }

    @Test
    void aControlMessageWhenParsedThenNothingIsEmittedAndItIsCounted() throws Exception {
        SubscriptionMessage message = parser.parse(gzip(bytes("subscription/control-message.json")), out::add, stats);

        assertThat(message.control()).isTrue();
        assertThat(message.logEvents()).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(stats.skipped("controlMessage")).isEqualTo(1);
    }

    @Test
    void theBase64AwslogsEventWhenParsedThenThePayloadInsideIsRead() throws Exception {
        SubscriptionMessage message = parser.parse(bytes("subscription/awslogs-event.json"), out::add, stats);

        assertThat(message.logGroup()).isEqualTo("/aws/lambda/orders-api");
        assertThat(out).hasSize(2);
    }

    @Test
    void aCustomLogGroupWhenParsedWithoutDefaultThenReportsAreCountedAsNoFunction() throws Exception {
        parser.parse(bytes("subscription/custom-log-group.json"), out::add, stats);

        assertThat(out).isEmpty();
        assertThat(stats.skipped("noFunction")).isEqualTo(1);
    }

    @Test
    void aCustomLogGroupWhenParsedWithADefaultThenReportsGoToTheDefault() throws Exception {
        parser.parse(bytes("subscription/custom-log-group.json"), new ParseOptions("shared-fn"), out::add, stats);

        assertThat(out).singleElement().satisfies(u -> assertThat(u.function()).isEqualTo("shared-fn"));
    }

    @Test
    void bytesThatAreNeitherGzipNorJsonWhenParsedThenItThrowsAClearErrorAndEmitsNothing() {
        assertThatThrownBy(() -> parser.parse("hello".getBytes(StandardCharsets.UTF_8), out::add, stats))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(out).isEmpty();
    }

    @Test
    void truncatedGzipWhenParsedThenItThrowsAndNothingIsBookedOrCounted() {
        byte[] gz = gzip(bytes("subscription/data-message.json"));
        byte[] cut = Arrays.copyOf(gz, gz.length * 2 / 3);

        assertThatThrownBy(() -> parser.parse(cut, out::add, stats))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("gzip");
        assertThat(out).isEmpty();
        assertThat(stats.reports()).isZero();
        assertThat(stats.skipped()).isEmpty();
    }

    @Test
    void jsonOfAnotherShapeWhenParsedThenItThrowsSayingWhatIsMissing() {
        assertThatThrownBy(() -> parser.parse(gzip("{\"records\":[]}".getBytes(StandardCharsets.UTF_8)),
                out::add, stats))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("messageType");
        assertThatThrownBy(() -> parser.parse("[{}]".getBytes(StandardCharsets.UTF_8), out::add, stats))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> parser.parse(new byte[0], out::add, stats))
                .isInstanceOf(UsageParseException.class);
    }

    @Test
    void logEventsBeforeTheLogGroupWhenParsedThenTheyAreStillBookedToTheLogGroupsFunction()
            throws Exception {
        String payload = "{\"logEvents\":[{\"id\":\"1\",\"timestamp\":1793620801302,\"message\":\"REPORT RequestId: r\\t"
                + "Duration: 1.00 ms\\tBilled Duration: 1 ms\\tMemory Size: 128 MB\\tMax Memory Used: 60 MB\"}],"
                + "\"logGroup\":\"/aws/lambda/late-group\",\"messageType\":\"DATA_MESSAGE\"}";

        parser.parse(payload.getBytes(StandardCharsets.UTF_8), out::add, stats);

        assertThat(out).singleElement().satisfies(u -> assertThat(u.function()).isEqualTo("late-group"));
    }

    @Test
    void theSamePayloadThroughTheFileParserWhenParsedThenGzipAndAwslogsFormsAreDetected() {
        ParseFixtures.Parsed gz = ParseFixtures.parse(gzip(bytes("subscription/data-message.json")), null);
        ParseFixtures.Parsed awslogs = ParseFixtures.parseResource("subscription/awslogs-event.json", null);

        assertThat(gz.usages()).hasSize(2);
        assertThat(awslogs.usages()).isEqualTo(gz.usages());
    }
}
