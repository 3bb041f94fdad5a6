package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseFixtures.Parsed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A report takes the time and function nearest to it in its frame; the file's function is the fallback. */
class NearestContextTest {

    private static final String T = "\t";
    private static final String REPORT = "REPORT RequestId: 7b1e0c9d-2f3a-4b5c-8d6e-9f0a1b2c3d4e" + T
            + "Duration: 12.50 ms" + T + "Billed Duration: 13 ms" + T + "Memory Size: 256 MB" + T
            + "Max Memory Used: 120 MB" + T;

    @Test
    void pulumiLogsGiveTheFunctionInBracketsAndTheTimeWithItsOffset() {
        Parsed parsed = ParseFixtures.parse(ParseFixtures.shape("pulumi-logs.txt"), "fn");

        InvocationUsage first = parsed.usages().get(0);
        assertThat(first.function()).isEqualTo("orders-handler-5f3e2a1");
        assertThat(first.time()).isEqualTo(Instant.parse("2024-04-05T20:17:50.208Z"));
    }

    @Test
    void aLogsInsightsRowTakesItsFunctionFromTheLogColumnAfterTheMessage() {
        Parsed parsed = ParseFixtures.parse(ParseFixtures.shape("insights.csv"), "insights");

        assertThat(parsed.usages()).extracting(InvocationUsage::function)
                .containsExactly("orders-api", "image-resizer", "orders-api", "image-resizer");
        assertThat(parsed.usages().get(0).time()).isEqualTo(Instant.parse("2024-04-05T20:17:50.208Z"));
    }

    @Test
    void aMessageFieldTakesTheTimeOfItsOwnPrefixBeforeTheTimeOfTheObjectAroundIt() {
        String line = "{\"timestamp\":1712348270000,\"message\":\"2024-04-05T20:17:51.500Z " + REPORT.replace("\t", "\\t")
                + "\"}\n";

        InvocationUsage usage = ParseFixtures.parseText(line, "fn").only();

        assertThat(usage.time()).isEqualTo(Instant.parse("2024-04-05T20:17:51.500Z"));
    }

    @Test
    void aMessageWithoutItsOwnTimeTakesTheTimestampOfItsEventAndTheLogGroupOfItsPayload() {
        String payload = "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1712348270311,"
                + "\"message\":\"" + REPORT.replace("\t", "\\t") + "\"}],\"logGroup\":\"/aws/lambda/ledger\"}";

        InvocationUsage usage = ParseFixtures.parseText(payload, "fn").only();

        assertThat(usage.time()).isEqualTo(Instant.ofEpochMilli(1712348270311L));
        assertThat(usage.function()).as("the log group comes after the events").isEqualTo("ledger");
    }

    @Test
    void thirteenDigitsInsideALogStreamsHexIdAreNoTime() {
        String line = "2026-11-02T10:15:03.123000+00:00 2026/11/02/[$LATEST]ab1793620801302cd " + REPORT + "\n";

        assertThat(ParseFixtures.parseText(line, "fn").only().time()).isEqualTo(Instant.parse("2026-11-02T10:15:03.123Z"));
    }

    @Test
    void aCustomLogGroupNamesNoFunctionSoTheFileNameIsTheFallback() {
        String payload = "{\"logGroup\":\"/ecs/shared-logs\",\"logEvents\":[{\"timestamp\":1712348270311,"
                + "\"message\":\"" + REPORT.replace("\t", "\\t") + "\"}]}";

        assertThat(ParseFixtures.parseText(payload, "from-file").only().function()).isEqualTo("from-file");
        assertThat(ParseFixtures.parseText(payload, null).stats().skipped(ParseStats.NO_FUNCTION)).isEqualTo(1);
    }

    @Test
    void aFunctionArnInAFunctionNameFieldGivesTheName() {
        String event = "{\"functionName\":\"arn:aws:lambda:eu-west-1:123456789012:function:billing:live\","
                + "\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r\","
                + "\"metrics\":{\"durationMs\":1,\"billedDurationMs\":1,\"memorySizeMB\":128,\"maxMemoryUsedMB\":50}}}";

        assertThat(ParseFixtures.parseText(event, "fn").only().function()).isEqualTo("billing");
    }

    @Test
    void anApplicationLineThatMentionsReportWithoutARequestIdStaysOutput() {
        Parsed parsed = ParseFixtures.parseText("INFO REPORT generated for customer 4411\n"
                + "WARN the REPORT\n" + REPORT + "\n", "fn");

        assertThat(parsed.usages()).hasSize(1);
        assertThat(parsed.stats().skipped(ParseStats.APPLICATION_OUTPUT)).isEqualTo(2);
        assertThat(parsed.stats().skipped(ParseStats.MALFORMED)).isZero();
    }
}
