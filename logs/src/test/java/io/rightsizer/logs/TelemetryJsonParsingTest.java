package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseFixtures.Parsed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.rightsizer.logs.ParseFixtures.parseResource;
import static io.rightsizer.logs.ParseFixtures.parseText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** JSON {@code platform.report} events in every shape a user hands over. */
class TelemetryJsonParsingTest {

    @Test
    void aTelemetryApiBatchArrayWhenParsedThenReportsAreReadAndEveryOtherEventTypeIsCounted() {
        Parsed parsed = parseResource("json/telemetry-batch.json", "orders-api");

        assertThat(parsed.usages()).hasSize(2);
        InvocationUsage cold = parsed.usages().get(0);
        assertThat(cold.time()).isEqualTo(Instant.parse("2026-11-02T12:00:01.302Z"));
        assertThat(cold.status()).isEqualTo("success");
        assertThat(cold.durationMs()).isEqualTo(310.52);
        assertThat(cold.billedDurationMs()).isEqualTo(1200);
        assertThat(cold.memorySizeMb()).isEqualTo(512);
        assertThat(cold.maxMemoryUsedMb()).isEqualTo(201);
        assertThat(cold.initDurationMs()).isEqualTo(889.12);
        assertThat(parsed.stats().skipped()).containsOnly(
                entry("platform.initStart", 1L), entry("platform.initRuntimeDone", 1L),
                entry("platform.initReport", 1L), entry("platform.start", 2L), entry("platform.runtimeDone", 2L),
                entry("applicationOutput", 2L), entry("otherEvent", 1L), entry("platform.logsDropped", 1L));
    }

    @Test
    void jsonLinesWhenParsedThenOlderSchemasFailuresAndManagedInstancesAreHandledAndABrokenLineIsCounted() {
        Parsed parsed = parseResource("json/telemetry.jsonl", "catalog");

        assertThat(parsed.usages()).hasSize(5);
        assertThat(parsed.byRequestId("d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60").status())
                .as("2022-07-01 schema without status").isNull();
        InvocationUsage oom = parsed.byRequestId("e3f4a5b6-c7d8-4e9f-8a0b-2c3d4e5f6071");
        assertThat(oom.outOfMemory()).isTrue();
        assertThat(oom.maxMemoryUsedMb()).isEqualTo(oom.memorySizeMb());
        assertThat(parsed.byRequestId("f4a5b6c7-d8e9-4f0a-9b1c-3d4e5f607182").timedOut()).isTrue();
        assertThat(parsed.byRequestId("c7d8e9f0-a1b2-4c3d-8e4f-607182930a4b").status()).isEqualTo("failure");
        assertThat(parsed.stats().skipped("managedInstancesReport")).isEqualTo(1);
        assertThat(parsed.stats().skipped("malformed")).isEqualTo(1);
        assertThat(parsed.stats().malformedSamples().get(0).line()).isEqualTo(8);
        assertThat(parsed.stats().malformedSamples().get(0).reason()).startsWith("invalid JSON");
    }

    @Test
    void onePrettyPrintedEventWhenParsedThenItIsRead() {
        InvocationUsage usage = parseResource("json/report-pretty.json", "search").only();

        assertThat(usage.time()).isEqualTo(Instant.parse("2026-11-02T15:30:00Z"));
        assertThat(usage.memorySizeMb()).isEqualTo(3008);
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(1422);
        assertThat(usage.restoreDurationMs()).isEqualTo(310.4);
    }

    @Test
    void aJsonFormatLogGroupTailedWithPrefixesWhenParsedThenTheSystemRecordsAreReadAndAppLogsCounted() {
        Parsed parsed = parseResource("json/cloudwatch-json-format.log", "payments");

        InvocationUsage usage = parsed.only();
        assertThat(usage.time()).isEqualTo(Instant.parse("2026-11-02T16:00:00.391Z"));
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(260);
        assertThat(parsed.stats().skipped()).containsOnly(entry("platform.start", 1L),
                entry("platform.runtimeDone", 1L), entry("applicationOutput", 1L));
    }

    @Test
    void theBatchGzippedWhenParsedThenTheSameRecordsAreRead() {
        Parsed plain = parseResource("json/telemetry-batch.json", "orders-api");
        Parsed gzipped = ParseFixtures.parse(ParseFixtures.gzip(ParseFixtures.bytes("json/telemetry-batch.json")),
                "orders-api");

        assertThat(gzipped.usages()).isEqualTo(plain.usages());
        assertThat(gzipped.stats().skipped()).isEqualTo(plain.stats().skipped());
    }

    @Test
    void aFunctionNameFieldWhenParsedThenItWinsOverTheDefault() {
        String event = "{\"functionName\":\"billing\",\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.report\","
                + "\"record\":{\"requestId\":\"r\",\"metrics\":{\"durationMs\":1,\"billedDurationMs\":1,"
                + "\"memorySizeMB\":128,\"maxMemoryUsedMB\":50}}}";

        assertThat(parseText(event, "default").only().function()).isEqualTo("billing");
    }

    @Test
    void recordFieldsInAnyOrderAndTimeLastWhenParsedThenTheReportIsRead() {
        String event = "{\"record\":{\"metrics\":{\"maxMemoryUsedMB\":90,\"memorySizeMB\":256,"
                + "\"billedDurationMs\":7,\"durationMs\":6.5},\"status\":\"success\",\"requestId\":\"r\"},"
                + "\"type\":\"platform.report\",\"time\":\"2026-11-02T12:00:00.5+01:00\"}";

        InvocationUsage usage = parseText(event, "f").only();
        assertThat(usage.time()).isEqualTo(Instant.parse("2026-11-02T11:00:00.5Z"));
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(90);
    }

    @Test
    void aTruncatedArrayWhenParsedThenTheRecordsBeforeTheCutAreKeptAndTheCutIsMalformed() {
        String json = new String(ParseFixtures.bytes("json/telemetry-batch.json"), StandardCharsets.UTF_8);
        String cut = json.substring(0, json.indexOf("platform.telemetrySubscription"));

        Parsed parsed = parseText(cut, "orders-api");

        assertThat(parsed.usages()).hasSize(2);
        assertThat(parsed.stats().skipped("malformed")).isEqualTo(1);
        assertThat(parsed.stats().malformedSamples().get(0).reason()).contains("cut off");
        assertThat(parsed.stats().unreadRest()).isNotNull();
    }

    @Test
    void aLargeBatchCutOffMidWayKeepsEveryRecordBeforeTheCut() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.report\","
                    + "\"record\":{\"requestId\":\"6a1d3e2f-0000-4000-8000-").append(String.format("%012d", i))
                    .append("\",\"metrics\":{\"durationMs\":1,\"billedDurationMs\":1,\"memorySizeMB\":128,"
                            + "\"maxMemoryUsedMB\":70}}}");
        }
        String cut = batch.substring(0, batch.length() - 40); // far larger than one frame: streamed as a document

        Parsed parsed = parseText(cut, "orders-api");

        assertThat(parsed.usages()).hasSize(1999);
        assertThat(parsed.stats().unreadRest()).isNotNull();
        assertThat(parsed.stats().skipped("malformed")).isEqualTo(1);
    }

    @Test
    void aReportWithoutMetricsWhenParsedThenItIsMalformedNamingItsRequest() {
        Parsed parsed = parseText("{\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.report\","
                + "\"record\":{\"requestId\":\"abc\",\"status\":\"success\"}}", "f");

        assertThat(parsed.usages()).isEmpty();
        assertThat(parsed.stats().malformedSamples()).singleElement()
                .satisfies(s -> assertThat(s.excerpt()).contains("abc"));
    }

    @Test
    void anUnknownEventTypeAndUnrelatedJsonWhenParsedThenTheyAreCountedNotFailed() {
        Parsed parsed = parseText("{\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.somethingNew\","
                + "\"record\":{}}\n{\"hello\":\"world\"}\n[{\"a\":1}, 7]\n", "f");

        assertThat(parsed.stats().skipped()).containsOnly(entry("otherEvent", 1L), entry("otherJson", 3L));
    }
}
