package io.rightsizer.testing.insights;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsightsQueryTest {

    private static Map<String, Object> event(String stream, String time, String message) {
        return EventFields.of("123456789012", "/aws/lambda/orders", stream, Instant.parse(time).toEpochMilli(),
                Instant.parse(time).toEpochMilli(), message);
    }

    private static List<Map<String, String>> run(String query, List<Map<String, Object>> events) {
        return InsightsQuery.parse(query).execute(events, new InsightsQuery.Counter());
    }

    @Test
    void aReportLineIsDiscoveredWithMemoryInBytes() {
        Map<String, Object> f = event("2026/11/02/[$LATEST]abc", "2026-11-02T10:00:00Z",
                "REPORT RequestId: r1\tDuration: 12.5 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t"
                        + "Max Memory Used: 74 MB\tInit Duration: 166.62 ms\t");

        assertThat(f).containsEntry("@type", "REPORT").containsEntry("@requestId", "r1")
                .containsEntry("@memorySize", 1.28e8).containsEntry("@maxMemoryUsed", 7.4e7)
                .containsEntry("@duration", 12.5).containsEntry("@billedDuration", 13.0)
                .containsEntry("@initDuration", 166.62).containsEntry("@log", "123456789012:/aws/lambda/orders");
    }

    @Test
    void statsGroupByDayAndFieldsAndPrintLargeNumbersInENotation() {
        List<Map<String, Object>> events = List.of(
                event("s", "2026-11-02T10:00:00Z", "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\t"
                        + "Memory Size: 128 MB\tMax Memory Used: 74 MB"),
                event("s", "2026-11-02T11:00:00.250Z", "REPORT RequestId: b\tDuration: 1 ms\tBilled Duration: 1 ms\t"
                        + "Memory Size: 128 MB\tMax Memory Used: 80 MB"),
                event("s", "2026-11-03T01:00:00Z", "REPORT RequestId: c\tDuration: 1 ms\tBilled Duration: 1 ms\t"
                        + "Memory Size: 128 MB\tMax Memory Used: 60 MB"),
                event("s", "2026-11-03T01:00:01Z", "START RequestId: c Version: $LATEST"));

        List<Map<String, String>> rows = run("filter @type = \"REPORT\" | stats max(@maxMemoryUsed) as peak, "
                + "count(*), max(@timestamp) as last by bin(1d), @memorySize", events);

        assertThat(rows).containsExactly(
                Map.of("bin(1d)", "2026-11-02 00:00:00.000", "@memorySize", "1.28e+08", "peak", "8e+07",
                        "count(*)", "2", "last", "2026-11-02 11:00:00.250"),
                Map.of("bin(1d)", "2026-11-03 00:00:00.000", "@memorySize", "1.28e+08", "peak", "6e+07",
                        "count(*)", "1", "last", "2026-11-03 01:00:00.000"));
    }

    @Test
    void parseSetsNamedGroupsOnlyWhereItMatchesAndCoalesceFillsTheRest() {
        List<Map<String, Object>> events = List.of(
                event("2026/11/02/billing[$LATEST]abc", "2026-11-02T10:00:00Z",
                        "REPORT RequestId: a\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\t"
                                + "Error Type: Runtime.OutOfMemory"),
                event("2026/11/02/[$LATEST]def", "2026-11-02T10:00:00Z",
                        "REPORT RequestId: b\tMemory Size: 128 MB\tMax Memory Used: 70 MB"));

        List<Map<String, String>> rows = run("filter @type = \"REPORT\""
                + " | parse @message /Status: (?<st>\\w+)/"
                + " | parse @message /Error Type: (?<et>[\\w.]+)/"
                + " | parse @logStream /^\\d{4}\\/\\d{2}\\/\\d{2}\\/(?<fn>[^\\[]+)\\[/"
                + " | fields coalesce(st, \"-\") as outcome, coalesce(et, \"-\") as failure, coalesce(fn, \"-\") as writer"
                + " | stats count(*) as n by writer, outcome, failure", events);

        assertThat(rows).containsExactly(
                Map.of("writer", "billing", "outcome", "error", "failure", "Runtime.OutOfMemory", "n", "1"),
                Map.of("writer", "-", "outcome", "-", "failure", "-", "n", "1"));
    }

    @Test
    void jsonRecordsAreFlattenedIntoDottedFields() {
        Map<String, Object> f = event("s", "2026-11-02T10:00:00Z", "{\"time\":\"2026-11-02T10:00:00.000Z\","
                + "\"type\":\"platform.report\",\"record\":{\"requestId\":\"a\",\"status\":\"timeout\","
                + "\"metrics\":{\"durationMs\":3000.5,\"billedDurationMs\":3001,\"memorySizeMB\":256,"
                + "\"maxMemoryUsedMB\":144}}}");

        assertThat(f).containsEntry("type", "platform.report").containsEntry("record.status", "timeout")
                .containsEntry("record.metrics.maxMemoryUsedMB", 144.0).doesNotContainKey("@type");
    }

    @Test
    void whatTheStandInCannotRunIsRefusedAsAMalformedQuery() {
        assertThatThrownBy(() -> InsightsQuery.parse("fields @message | sort @timestamp desc"))
                .isInstanceOf(QueryCompileException.class).hasMessageContaining("unsupported command 'sort'");
        assertThatThrownBy(() -> InsightsQuery.parse("stats pct(@duration, 50)"))
                .isInstanceOf(QueryCompileException.class).hasMessageContaining("unsupported aggregation 'pct'");
        assertThatThrownBy(() -> InsightsQuery.parse("fields datefloor(@timestamp, 1d) as d"))
                .isInstanceOf(QueryCompileException.class).hasMessageContaining("unsupported function");
        assertThatThrownBy(() -> InsightsQuery.parse("parse @message \"Status: *\" as st"))
                .isInstanceOf(QueryCompileException.class).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> InsightsQuery.parse("filter @type = \"REPORT\" | stats count(*) by bin(1w)"))
                .isInstanceOf(QueryCompileException.class).hasMessageContaining("bin unit");
    }

    @Test
    void numbersPrintAsTheServicePrintsThem() {
        assertThat(InsightsQuery.number(42)).isEqualTo("42");
        assertThat(InsightsQuery.number(12.75)).isEqualTo("12.75");
        assertThat(InsightsQuery.number(1.28e8)).isEqualTo("1.28e+08");
        assertThat(InsightsQuery.number(1234567.5)).isEqualTo("1.2345675e+06");
        assertThat(InsightsQuery.number(1.024e10)).isEqualTo("1.024e+10");
    }
}
