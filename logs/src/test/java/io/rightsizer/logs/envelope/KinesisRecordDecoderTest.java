package io.rightsizer.logs.envelope;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which function version ran travels with every report, from either source. */
class KinesisRecordDecoderTest {

    private final KinesisRecordDecoder decoder = new KinesisRecordDecoder();

    private List<InvocationUsage> decode(byte[] data) throws MalformedRecordException {
        List<InvocationUsage> out = new ArrayList<>();
        decoder.decode(new StreamInput("1", data, "arn:aws:kinesis:us-east-1:123456789012:stream/rightsizer",
                "us-east-1", Instant.parse("2026-11-02T08:20:00Z")), new ParseStats(), (f, u) -> out.add(u));
        return out;
    }

    @Test
    void anExtensionRecordGivesEachReportTheVersionItsSandboxRegisteredAs() throws Exception {
        StreamBatch batch = StreamBatch.of(FunctionRef.of("orders", "123456789012", "us-east-1"), List.of(
                new StreamReport(Instant.parse("2026-11-02T08:00:00Z"), "r1", "success", null, 12.3, 13, 128, 70,
                        null, null, "7")));

        List<InvocationUsage> usages = decode(new StreamRecordCodec().encode(batch));

        assertThat(usages).singleElement().satisfies(u -> assertThat(u.version()).isEqualTo("7"));
    }

    @Test
    void aSubscriptionPayloadGivesEachReportTheVersionInItsLogStreamName() throws Exception {
        byte[] published = gzip(fixture().replace("[$LATEST]", "[12]"));

        assertThat(decode(gzip(fixture()))).isNotEmpty().allSatisfy(u -> assertThat(u.version()).isEqualTo("$LATEST"));
        assertThat(decode(published)).isNotEmpty().allSatisfy(u -> assertThat(u.version()).isEqualTo("12"));
    }

    private static String fixture() throws IOException {
        try (InputStream in = KinesisRecordDecoderTest.class.getResourceAsStream(
                "/parse/subscription/data-message.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
