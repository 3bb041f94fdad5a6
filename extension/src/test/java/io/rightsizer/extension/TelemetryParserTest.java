package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Telemetry batches in, sizable reports out; everything else counted. */
class TelemetryParserTest {

    private final Counters counters = new Counters();
    private final TelemetryParser parser = new TelemetryParser(counters);

    @Test
    void givenAPlatformBatch_keepsOnlyReportsAndCountsTheOtherTypes() throws Exception {
        TelemetryParser.Batch batch = parser.parse(Sandboxes.resource("telemetry/platform-batch.json"));

        assertThat(batch.reports()).extracting(Report::requestId).containsExactly(
                "3f0c2a71-58b4-4d0e-b1f6-6a9d7e0c4b12", "b7d9e214-0a3c-4f65-9e21-7c5d8a9f0e33",
                "e1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8");
        Report cold = batch.reports().get(0);
        assertThat(cold.time()).isEqualTo("2026-11-23T08:14:03.415Z");
        assertThat(cold.durationMs()).isEqualTo(712.44);
        assertThat(cold.billedDurationMs()).isEqualTo(713L);
        assertThat(cold.memorySizeMb()).isEqualTo(1024);
        assertThat(cold.maxMemoryUsedMb()).isEqualTo(187);
        assertThat(cold.initDurationMs()).isEqualTo(583.2);
        assertThat(batch.reports().get(1).status()).isEqualTo("timeout");
        assertThat(batch.reports().get(2).restoreDurationMs()).isEqualTo(212.7);
        assertThat(counters.skipped()).isEqualTo(6);
        assertThat(counters.line()).contains("skipped.platform.logsDropped=1", "skipped.platform.start=1");
        assertThat(counters.malformed.get()).isZero();
    }

    @Test
    void givenOddRecords_countsThemAndKeepsTheGoodOnes() throws Exception {
        TelemetryParser.Batch batch = parser.parse(Sandboxes.resource("telemetry/odd-batch.json"));

        assertThat(batch.reports()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("error");
            assertThat(r.errorType()).isEqualTo("Runtime.OutOfMemory");
            assertThat(r.maxMemoryUsedMb()).isEqualTo(r.memorySizeMb());
        });
        // The Managed Instances report is not malformed, just unsizable; its request still counts as reported.
        assertThat(counters.skippedNoMemory.get()).isEqualTo(1);
        assertThat(counters.malformed.get()).isEqualTo(2);
        assertThat(batch.reportedRequestIds()).contains("0f6c1d7a-3a8e-4a55-8f0e-52d7c0a1b3c4");
    }

    @Test
    void givenTextThatIsNotABatch_countsOneMalformedBatch() {
        assertThat(parser.parse("{\"type\":\"platform.report\"}").reports()).isEmpty();
        assertThat(parser.parse("[{\"type\":").reports()).isEmpty();
        assertThat(parser.parse("").reports()).isEmpty();

        assertThat(counters.malformed.get()).isEqualTo(3);
    }

    @Test
    void reportSerialisesToTheStreamRecordFormat() {
        Report report = new Report("2026-11-23T08:14:03.415Z", "3f0c2a71", "success", null, 12.3, 13L, 128, 70,
                null, 212.70);

        assertThat(report.toJson()).isEqualTo("{\"time\":\"2026-11-23T08:14:03.415Z\",\"requestId\":\"3f0c2a71\","
                + "\"status\":\"success\",\"errorType\":null,\"durationMs\":12.3,\"billedDurationMs\":13,"
                + "\"memorySizeMb\":128,\"maxMemoryUsedMb\":70,\"initDurationMs\":null,\"restoreDurationMs\":212.7}");
    }
}
