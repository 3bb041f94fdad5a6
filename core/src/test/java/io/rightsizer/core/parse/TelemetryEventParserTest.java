package io.rightsizer.core.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.core.usage.InvocationUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Telemetry API event parser the extension and ingest side use directly. */
class TelemetryEventParserTest {

    private final TelemetryEventParser parser = new TelemetryEventParser();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void givenAPlatformReportTree_whenParsed_thenItBecomesUsageOfTheGivenFunction() throws Exception {
        ParseStats stats = new ParseStats();
        InvocationUsage usage = parser.parse(mapper.readTree(ParseFixtures.bytes("json/report-pretty.json")),
                "search", stats);

        assertThat(usage.function()).isEqualTo("search");
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(1422);
        assertThat(stats.reports()).isEqualTo(1);
    }

    @Test
    void givenAnotherEventType_whenParsed_thenItIsNullAndCounted() throws Exception {
        ParseStats stats = new ParseStats();
        InvocationUsage usage = parser.parse(mapper.readTree(
                "{\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.runtimeDone\",\"record\":{}}"), "f", stats);

        assertThat(usage).isNull();
        assertThat(stats.skipped("platform.runtimeDone")).isEqualTo(1);
    }

    @Test
    void givenABatch_whenParsed_thenReportsReachTheSink() throws Exception {
        List<InvocationUsage> out = new ArrayList<>();
        ParseStats stats = new ParseStats();

        parser.parseBatch(ParseFixtures.bytes("json/telemetry-batch.json"), "orders-api", out::add, stats);

        assertThat(out).hasSize(2);
        assertThat(stats.skipped("platform.start")).isEqualTo(2);
    }

    @Test
    void givenABrokenBatch_whenParsed_thenItThrowsAndNothingReachesTheSink() {
        List<InvocationUsage> out = new ArrayList<>();
        byte[] batch = ParseFixtures.bytes("json/telemetry-batch.json");
        byte[] cut = new String(batch, StandardCharsets.UTF_8).substring(0, batch.length - 40)
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parseBatch(cut, "orders-api", out::add, new ParseStats()))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(out).isEmpty();
    }
}
