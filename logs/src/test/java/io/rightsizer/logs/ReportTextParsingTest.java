package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseFixtures.Parsed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.rightsizer.logs.ParseFixtures.parseResource;
import static io.rightsizer.logs.ParseFixtures.parseText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Plain-text REPORT lines as Lambda writes them and as people export them. */
class ReportTextParsingTest {

    private static final String T = "\t";
    private static final String CANONICAL = "REPORT RequestId: 3f1c9a2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b" + T
            + "Duration: 128.83 ms" + T + "Billed Duration: 129 ms" + T + "Memory Size: 512 MB" + T
            + "Max Memory Used: 74 MB" + T;

    @Test
    void aPlainExportWhenParsedThenEveryReportIsReadAndEveryOtherLineIsCountedBySkipKind() {
        Parsed parsed = parseResource("text/plain.log", "orders-api");

        assertThat(parsed.usages()).hasSize(3);
        InvocationUsage cold = parsed.usages().get(0);
        assertThat(cold.function()).isEqualTo("orders-api");
        assertThat(cold.time()).isNull();
        assertThat(cold.requestId()).isEqualTo("6f1d2c3b-8a7e-4b5c-9d0e-1f2a3b4c5d6e");
        assertThat(cold.durationMs()).isEqualTo(812.44);
        assertThat(cold.billedDurationMs()).isEqualTo(813);
        assertThat(cold.memorySizeMb()).isEqualTo(512);
        assertThat(cold.maxMemoryUsedMb()).isEqualTo(187);
        assertThat(cold.initDurationMs()).isEqualTo(1402.77);
        assertThat(cold.status()).isNull();
        assertThat(parsed.byRequestId("0b9e8d7c-6f5a-4e3d-8c2b-1a0f9e8d7c6b").maxMemoryUsedMb()).isEqualTo(191);
        assertThat(parsed.byRequestId("0b9e8d7c-6f5a-4e3d-8c2b-1a0f9e8d7c6b").initDurationMs()).isNull();
        assertThat(parsed.stats().reports()).isEqualTo(3);
        assertThat(parsed.stats().skipped()).containsOnly(
                org.assertj.core.api.Assertions.entry("initStart", 1L),
                org.assertj.core.api.Assertions.entry("start", 3L),
                org.assertj.core.api.Assertions.entry("end", 3L),
                org.assertj.core.api.Assertions.entry("applicationOutput", 4L));
    }

    @Test
    void awsLogsTailOutputWhenParsedThenThePrefixGivesTheTimeAndXrayOnTheNextLineBelongsToItsReport() {
        Parsed parsed = parseResource("text/aws-logs-tail.log", "thumbnailer");

        assertThat(parsed.usages()).extracting(InvocationUsage::time).containsExactly(
                Instant.parse("2026-11-02T10:15:03.123Z"),
                Instant.parse("2026-11-02T10:16:40.774Z"),
                Instant.parse("2026-11-03T00:00:00.498Z"));
        assertThat(parsed.usages().get(0).initDurationMs()).isEqualTo(512.30);
        assertThat(parsed.usages()).extracting(InvocationUsage::maxMemoryUsedMb).containsExactly(318, 341, 299);
        // The two XRAY lines are part of their REPORT messages: neither output nor malformed.
        assertThat(parsed.stats().skipped("applicationOutput")).isEqualTo(1);
        assertThat(parsed.stats().skipped("malformed")).isZero();
        assertThat(parsed.stats().skipped("initStart")).isEqualTo(1);
    }

    @Test
    void samLogsOutputWhenParsedThenTheStreamComesFirstAndTheZonelessTimestampIsUtc() {
        Parsed parsed = parseResource("text/sam-logs.log", "invoice-pdf");

        InvocationUsage usage = parsed.only();
        assertThat(usage.time()).isEqualTo(Instant.parse("2026-11-02T14:20:11.402Z"));
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(201);
        assertThat(usage.memorySizeMb()).isEqualTo(256);
        assertThat(parsed.stats().skipped()).containsKeys("start", "end", "applicationOutput");
    }

    @Test
    void aConsoleCopyWithCrlfSpacesForTabsAndTrailingTabsWhenParsedThenAllThreeReportsRead() {
        Parsed parsed = parseResource("text/console-copy.log", "checkout");

        assertThat(parsed.usages()).extracting(InvocationUsage::maxMemoryUsedMb).containsExactly(97, 99, 98);
        assertThat(parsed.usages()).extracting(InvocationUsage::time).containsExactly(
                Instant.parse("2026-11-02T09:41:07.902Z"),
                Instant.parse("2026-11-02T09:43:19.020Z"),
                Instant.parse("2026-11-02T09:44:55.310Z"));
        assertThat(parsed.usages().get(1).durationMs()).isEqualTo(12.33);
        assertThat(parsed.usages().get(2).billedDurationMs()).isEqualTo(16);
        assertThat(parsed.stats().skipped("malformed")).isZero();
        assertThat(parsed.stats().skipped("applicationOutput")).isEqualTo(1); // the "timestamp message" header
    }

    @Test
    void recordsWrappedByATerminalWhenParsedThenTheFragmentsAreJoinedIntoWholeRecords() {
        Parsed parsed = parseResource("text/wrapped.log", "orders-api");

        assertThat(parsed.usages()).hasSize(3);
        InvocationUsage cutInPrefixAndLabel = parsed.byRequestId("11c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
        assertThat(cutInPrefixAndLabel.time()).isEqualTo(Instant.parse("2026-11-02T10:15:03.123Z"));
        assertThat(cutInPrefixAndLabel.durationMs()).isEqualTo(128.83);
        assertThat(cutInPrefixAndLabel.maxMemoryUsedMb()).isEqualTo(74);
        assertThat(cutInPrefixAndLabel.initDurationMs()).isEqualTo(166.62);
        InvocationUsage cutInIdsAndLabels = parsed.byRequestId("22d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f");
        assertThat(cutInIdsAndLabels.memorySizeMb()).isEqualTo(512);
        assertThat(cutInIdsAndLabels.maxMemoryUsedMb()).isEqualTo(76);
        assertThat(parsed.byRequestId("33e4f5a6-b7c8-4d9e-8f0a-2b3c4d5e6f70").maxMemoryUsedMb())
                .as("a number cut by the wrap").isEqualTo(79);
        assertThat(parsed.stats().skipped()).containsOnlyKeys("start", "end");
    }

    @Test
    void snapStartRestoresWhenParsedThenRestoreDurationIsKeptAndRestoreLinesAreSkipped() {
        Parsed parsed = parseResource("text/snapstart.log", "pricing");

        InvocationUsage restored = parsed.byRequestId("44f5a6b7-c8d9-4e0f-9a1b-3c4d5e6f7081");
        assertThat(restored.restoreDurationMs()).isEqualTo(412.78);
        assertThat(restored.initDurationMs()).isNull();
        assertThat(restored.billedDurationMs()).as("Billed Restore Duration is not the billed duration")
                .isEqualTo(343);
        assertThat(restored.coldStart()).isTrue();
        assertThat(parsed.byRequestId("55a6b7c8-d9e0-4f1a-8b2c-4d5e6f708192").coldStart()).isFalse();
        assertThat(parsed.stats().skipped("restoreStart")).isEqualTo(1);
        assertThat(parsed.stats().skipped("restoreReport")).isEqualTo(1);
    }

    @Test
    void failedInvocationsWhenParsedThenStatusAndErrorTypeAreKept() {
        Parsed parsed = parseResource("text/failures.log", "reports");

        InvocationUsage oom = parsed.byRequestId("66b7c8d9-e0f1-4a2b-9c3d-5e6f708192a3");
        assertThat(oom.status()).isEqualTo("error");
        assertThat(oom.errorType()).isEqualTo("Runtime.OutOfMemory");
        assertThat(oom.outOfMemory()).isTrue();
        assertThat(oom.initDurationMs()).as("Init Duration before Duration").isEqualTo(380.25);
        assertThat(oom.durationMs()).isEqualTo(2201.93);
        InvocationUsage timeout = parsed.byRequestId("77c8d9e0-f1a2-4b3c-8d4e-6f708192a3b4");
        assertThat(timeout.timedOut()).isTrue();
        assertThat(timeout.billedDurationMs()).isEqualTo(30000);
        InvocationUsage exit = parsed.byRequestId("88d9e0f1-a2b3-4c4d-9e5f-708192a3b4c5");
        assertThat(exit.failed()).isTrue();
        assertThat(exit.outOfMemory()).isFalse();
        assertThat(exit.errorType()).isEqualTo("Runtime.ExitError");
    }

    @Test
    void brokenReportsAndBinaryGarbageWhenParsedThenTheyAreCountedWithSamplesAndTheGoodOnesSurvive() {
        Parsed parsed = parseResource("text/messy-garbage.log", "jobs");

        assertThat(parsed.usages()).extracting(InvocationUsage::requestId).containsExactly(
                "9f0e1d2c-3b4a-4596-8877-66554433aa01", "9f0e1d2c-3b4a-4596-8877-66554433aa05");
        assertThat(parsed.stats().skipped("malformed")).isEqualTo(4);
        assertThat(parsed.stats().malformedSamples()).extracting(MalformedSample::line).containsExactly(2L, 4L, 5L, 6L);
        assertThat(parsed.stats().malformedSamples().get(0).reason()).contains("Max Memory Used");
        assertThat(parsed.stats().malformedSamples().get(1).reason()).contains("Duration");
        assertThat(parsed.stats().malformedSamples().get(2).reason()).contains("memory size");
        assertThat(parsed.stats().malformedSamples().get(3).reason()).contains("invalid JSON");
        assertThat(parsed.stats().skipped("applicationOutput")).isEqualTo(1);
    }

    @Test
    void theCanonicalLineWithSpacesInsteadOfTabsWhenParsedThenItReadsTheSame() {
        InvocationUsage tabs = parseText(CANONICAL + "\n", "f").only();
        InvocationUsage spaces = parseText(CANONICAL.replace('\t', ' ') + "\n", "f").only();
        InvocationUsage noTrailingTab = parseText(CANONICAL.strip() + "\n", "f").only();

        assertThat(spaces).isEqualTo(tabs);
        assertThat(noTrailingTab).isEqualTo(tabs);
        assertThat(tabs.maxMemoryUsedMb()).isEqualTo(74);
    }

    @Test
    void xrayOnTheSameLineWhenParsedThenTheTraceFieldsAreIgnored() {
        InvocationUsage usage = parseText(CANONICAL + "XRAY TraceId: 1-6725da14-3c1f6a0e2b8d4f7a9c0e1b2d" + T
                + "SegmentId: 4a7c1e9b0d2f3a6c" + T + "Sampled: true" + T, "f").only();

        assertThat(usage.maxMemoryUsedMb()).isEqualTo(74);
    }

    @Test
    void windowsLineEndsAndALastLineWithoutNewlineWhenParsedThenBothRecordsRead() {
        Parsed parsed = parseText(CANONICAL + "\r\n" + CANONICAL.replace("74 MB", "80 MB"), "f");

        assertThat(parsed.usages()).extracting(InvocationUsage::maxMemoryUsedMb).containsExactly(74, 80);
    }

    @Test
    void aNewerUnknownFieldWhenParsedThenTheKnownFieldsAroundItStillRead() {
        InvocationUsage usage = parseText("REPORT RequestId: r1" + T + "Duration: 1.50 ms" + T
                + "Shiny New Field: 3 units" + T + "Billed Duration: 2 ms" + T + "Memory Size: 128 MB" + T
                + "Max Memory Used: 60 MB", "f").only();

        assertThat(usage.billedDurationMs()).isEqualTo(2);
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(60);
        assertThat(usage.durationMs()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aCsvExportWithQuotedMessagesAndEpochMillisWhenParsedThenTheTimesAndFiguresRead() {
        Parsed parsed = parseText("@timestamp,@message\n"
                + "2026-11-02 10:15:03.123,\"" + CANONICAL + "\"\n"
                + "1793614503123," + CANONICAL.replace("74 MB", "75 MB") + "\n", "f");

        assertThat(parsed.usages()).extracting(InvocationUsage::time).containsExactly(
                Instant.parse("2026-11-02T10:15:03.123Z"), Instant.ofEpochMilli(1793614503123L));
        assertThat(parsed.usages()).extracting(InvocationUsage::maxMemoryUsedMb).containsExactly(74, 75);
    }

    @Test
    void anApplicationLineStartingWithReportWhenParsedThenItIsOutputAndDoesNotSwallowTheNextLines() {
        Parsed parsed = parseText("REPORT generated for customer 4411\nrows: 12\n" + CANONICAL + "\n", "f");

        assertThat(parsed.usages()).hasSize(1);
        assertThat(parsed.stats().skipped("applicationOutput")).isEqualTo(2);
        assertThat(parsed.stats().skipped("malformed")).isZero();
    }

    @Test
    void aReportMissingAFieldFollowedByOutputWhenParsedThenTheReportIsMalformedAndTheOutputCounted() {
        Parsed parsed = parseText(CANONICAL.replace("Max Memory Used: 74 MB\t", "") + "\nretrying upload\n"
                + "upload done\n" + CANONICAL + "\n", "f");

        assertThat(parsed.usages()).hasSize(1);
        assertThat(parsed.stats().skipped("malformed")).isEqualTo(1);
        assertThat(parsed.stats().skipped("applicationOutput")).isEqualTo(2);
        assertThat(parsed.stats().malformedSamples().get(0).line()).isEqualTo(1);
    }

    @Test
    void anExportSavedAsUtf16ByWindowsPowerShellWhenParsedThenItReadsLikeUtf8() {
        byte[] utf8 = ParseFixtures.bytes("text/console-copy.log");
        byte[] body = new String(utf8, java.nio.charset.StandardCharsets.UTF_8)
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] utf16 = new byte[body.length + 2];
        utf16[0] = (byte) 0xff;
        utf16[1] = (byte) 0xfe;
        System.arraycopy(body, 0, utf16, 2, body.length);

        Parsed parsed = ParseFixtures.parse(utf16, "checkout");

        assertThat(parsed.usages()).isEqualTo(parseResource("text/console-copy.log", "checkout").usages());
        assertThat(parsed.usages()).hasSize(3);
    }

    @Test
    void noDefaultFunctionWhenTextReportsAreParsedThenTheyAreCountedAsNoFunction() {
        Parsed parsed = parseText(CANONICAL + "\n", null);

        assertThat(parsed.usages()).isEmpty();
        assertThat(parsed.stats().skipped("noFunction")).isEqualTo(1);
    }

    @Test
    void aLineLongerThanTheLimitWhenParsedThenItIsMalformedAndTheNextLineStillReads() {
        String huge = "x".repeat(LineReader.MAX_LINE + 10);
        Parsed parsed = parseText(huge + "\n" + CANONICAL + "\n", "f");

        assertThat(parsed.usages()).hasSize(1);
        assertThat(parsed.stats().skipped("malformed")).isEqualTo(1);
        assertThat(parsed.stats().malformedSamples().get(0).reason()).contains("longer than");
    }

    @Test
    void oneBase64GzipPayloadPerLineWhenParsedThenEachPayloadIsDecoded() {
        byte[] gz = ParseFixtures.gzip(ParseFixtures.bytes("subscription/data-message.json"));
        String line = java.util.Base64.getEncoder().encodeToString(gz);
        Parsed parsed = parseText(line + "\n" + line + "\n", null);

        assertThat(parsed.usages()).hasSize(2).allSatisfy(u -> assertThat(u.function()).isEqualTo("orders-api"));
        assertThat(parsed.stats().skipped(ParseStats.DUPLICATE)).as("the second payload was read").isEqualTo(2);
    }
}
