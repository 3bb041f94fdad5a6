package io.rightsizer.ingest;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.domain.window.StartResult;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowCoordinator;
import io.rightsizer.domain.window.WindowSettings;
import io.rightsizer.domain.window.WindowStore;
import io.rightsizer.logs.envelope.StreamInput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoding and folding rules that need no AWS stand-in (the store and window ports are never reached). */
class IngestProcessorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC);
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders";
    private static final HomeScope HOME = new HomeScope("123456789012", "us-east-1");

    private final IngestProcessor processor = new IngestProcessor(new Unreached(),
            new WindowCoordinator(new UnreachedWindows(), e -> StartResult.refused("unreached"),
                    WindowSettings.ofDays(14), CLOCK), CLOCK);

    private IngestProcessor.Folded fold(StreamInput... records) {
        return processor.decodeAndFold(List.of(records), HOME);
    }

    private static StreamInput record(String seq, String reportsJson, Instant arrival) {
        String json = "{\"v\":1,\"functionArn\":\"" + ARN + "\",\"reports\":[" + reportsJson + "]}";
        return new StreamInput(seq, json.getBytes(StandardCharsets.UTF_8), null, "us-east-1", arrival);
    }

    private static String report(String time, int used) {
        return "{\"time\":" + (time == null ? "null" : "\"" + time + "\"") + ",\"durationMs\":5,"
                + "\"billedDurationMs\":5,\"memorySizeMb\":1024,\"maxMemoryUsedMb\":" + used + "}";
    }

    @Test
    void reportsWithoutTimeTakeTheRecordsArrivalTimeOrAreSkippedAsUndated() {
        IngestProcessor.Folded folded = fold(
                record("1", report(null, 100), Instant.parse("2026-11-02T07:00:00Z")),
                record("2", report(null, 120), null));

        List<DailyUsage> days = folded.days();
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.day()).isEqualTo(LocalDate.parse("2026-11-02"));
            assertThat(d.invocations()).isEqualTo(1);
        });
        assertThat(folded.stats.skipped(IngestProcessor.UNDATED)).isEqualTo(1);
    }

    private static String reportWithId(String requestId, String time, int used) {
        return report(time, used).replace("{\"time\"", "{\"requestId\":\"" + requestId + "\",\"time\"");
    }

    @Test
    void theSameRequestIdTwiceInOneBatchCountsOnceAndItsPeakStillCounts() {
        // At-least-once delivery: the extension re-sent a record whose PutRecords answer it never saw.
        IngestProcessor.Folded folded = fold(
                record("1", reportWithId("a", "2026-11-02T08:00:00Z", 100) + ","
                        + reportWithId("b", "2026-11-02T08:00:01Z", 120), null),
                record("2", reportWithId("a", "2026-11-02T08:00:00Z", 100), null),
                record("3", reportWithId("b", "2026-11-02T08:00:01Z", 130) + ","
                        + reportWithId("c", "2026-11-02T08:00:02Z", 90), null));

        assertThat(folded.days()).singleElement().satisfies(d -> {
            assertThat(d.invocations()).as("a, b and c once each").isEqualTo(3);
            assertThat(d.billedMsSum()).isEqualTo(15);
            assertThat(d.maxMemoryUsedMb()).as("a copy's peak is never lost").isEqualTo(130);
        });
        assertThat(folded.stats.skipped(IngestProcessor.DUPLICATE)).isEqualTo(2);
        assertThat(folded.reports()).isEqualTo(3);
    }

    @Test
    void reportsWithoutARequestIdAreNeverTakenForCopies() {
        IngestProcessor.Folded folded = fold(record("1", report("2026-11-02T08:00:00Z", 100) + ","
                + report("2026-11-02T08:00:00Z", 100), null));

        assertThat(folded.days()).singleElement().extracting(DailyUsage::invocations).isEqualTo(2L);
    }

    @Test
    void reportsDatedInTheFutureAreSkippedSoAWrongClockCannotCreateFarFutureItems() {
        IngestProcessor.Folded folded = fold(record("1",
                report("2026-11-02T11:59:00Z", 100) + "," + report("2099-01-01T00:00:00Z", 900), null));

        assertThat(folded.days()).singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(100);
        assertThat(folded.stats.skipped(IngestProcessor.FUTURE_DATED)).isEqualTo(1);
    }

    @Test
    void functionsAreHandledInTheOrderOfTheirFirstRecord() {
        IngestProcessor.Folded folded = fold(
                record("1", report("2026-11-02T08:00:00Z", 1), null),
                new StreamInput("2", ("{\"v\":1,\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:"
                        + "billing\",\"reports\":[" + report("2026-11-02T08:00:00Z", 2) + "]}")
                        .getBytes(StandardCharsets.UTF_8), null, "us-east-1", null),
                record("3", report("2026-11-02T08:00:00Z", 3), null));

        assertThat(folded.functions.values()).extracting(f -> f.ref.functionName() + "@" + f.firstIndex)
                .containsExactly("orders@0", "billing@1");
    }

    @Test
    void reportsOfAnotherRegionOrAccountAreSkippedAsForeignAndNeverFolded() {
        String eu = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
        String otherAccount = "arn:aws:lambda:us-east-1:210987654321:function:orders";
        IngestProcessor.Folded folded = fold(
                record("1", report("2026-11-02T08:00:00Z", 100), null),
                new StreamInput("2", ("{\"v\":1,\"functionArn\":\"" + eu + "\",\"reports\":["
                        + report("2026-11-02T08:00:00Z", 900) + "]}").getBytes(StandardCharsets.UTF_8), null,
                        "us-east-1", null),
                new StreamInput("3", ("{\"v\":1,\"functionArn\":\"" + otherAccount + "\",\"reports\":["
                        + report("2026-11-02T08:00:00Z", 800) + "," + report("2026-11-02T08:01:00Z", 700) + "]}")
                        .getBytes(StandardCharsets.UTF_8), null, "us-east-1", null));

        assertThat(folded.functions.keySet()).containsExactly(ARN);
        assertThat(folded.days()).singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(100);
        assertThat(folded.stats.skipped(IngestProcessor.FOREIGN_FUNCTION)).isEqualTo(3);
        assertThat(folded.foreign.keySet()).containsExactly(eu, otherAccount);
    }

    @Test
    void anEmptyRecordIsMalformedNotAFailure() {
        IngestProcessor.Folded folded = fold(new StreamInput("1", new byte[0], null,
                null, null));

        assertThat(folded.malformed).isEqualTo(1);
        assertThat(folded.functions).isEmpty();
    }

    private static final class Unreached implements UsageStore {
        @Override
        public int record(Collection<DailyUsage> days) {
            throw new AssertionError("decoding must not write");
        }

        @Override
        public List<DailyUsage> readDays(String functionArn, LocalDate fromInclusive, LocalDate toInclusive) {
            throw new AssertionError("decoding must not read");
        }
    }

    private static final class UnreachedWindows implements WindowStore {
        @Override
        public Optional<WindowClaim> read(String functionArn) {
            throw new AssertionError();
        }

        @Override
        public boolean claim(WindowClaim next, Long previousCycle, Instant claimedAt) {
            throw new AssertionError();
        }

        @Override
        public boolean markStarted(String functionArn, long cycle, String executionArn, Instant startedAt) {
            throw new AssertionError();
        }

        @Override
        public boolean markStartRefused(String functionArn, long cycle, String reason, Instant at) {
            throw new AssertionError();
        }

        @Override
        public boolean close(String functionArn, long cycle, String executionArn, String outcome, String detail,
                             Instant at) {
            throw new AssertionError();
        }

        @Override
        public boolean restart(String functionArn, long cycle, String previousExecutionArn, String executionArn,
                               String executionName, Instant windowEnd, Instant at) {
            throw new AssertionError();
        }

        @Override
        public List<WindowClaim> all() {
            throw new AssertionError();
        }
    }
}
