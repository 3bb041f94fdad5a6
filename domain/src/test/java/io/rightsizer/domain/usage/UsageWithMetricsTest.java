package io.rightsizer.domain.usage;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class UsageWithMetricsTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders";
    private static final LocalDate MON = LocalDate.parse("2026-11-02");
    private static final LocalDate TUE = LocalDate.parse("2026-11-03");

    /** Two stored days as ingest writes them: maxima, versions, one timeout, no platform counters. */
    private static final UsageStore STORED = new UsageStore() {
        @Override
        public int record(Collection<DailyUsage> days) {
            return days.size();
        }

        @Override
        public List<DailyUsage> readDays(String functionArn, LocalDate from, LocalDate to) {
            List<DailyUsage> days = new ArrayList<>();
            days.add(new DailyUsage(functionArn, MON, 300, 512, 0, 0, 1, 0, 0, 0, 0, null,
                    new TreeMap<>(Map.of(512, 300)), new java.util.TreeSet<>(List.of("$LATEST"))));
            days.add(new DailyUsage(functionArn, TUE, 320, 512, 0, 0, 0, 0, 0, 0, 0, null,
                    new TreeMap<>(Map.of(512, 320)), null));
            return days;
        }
    };

    @Test
    void invocationsErrorsAndDurationsComeFromThePlatformWhereItHasTheDay() {
        FunctionMetrics metrics = (arn, from, to) -> Map.of(MON,
                new FunctionMetrics.DailyMetrics(1_000, 12, 150_000.4));

        List<DailyUsage> days = new UsageWithMetrics(STORED, metrics).readDays(ARN, MON, TUE);

        assertThat(days.get(0)).satisfies(d -> {
            assertThat(d.invocations()).isEqualTo(1_000);
            assertThat(d.errors()).isEqualTo(12);
            assertThat(d.durationMsSum()).isEqualTo(150_000.4);
            assertThat(d.billedMsSum()).isEqualTo(150_001);
            assertThat(d.timeouts()).as("no metric has them: from the store").isEqualTo(1);
            assertThat(d.maxUsedBySize()).containsEntry(512, 300);
            assertThat(d.versions()).containsExactly("$LATEST");
        });
        assertThat(days.get(1).invocations()).as("no metrics for Tuesday: what the store has").isZero();
        assertThat(days.get(1).maxMemoryUsedMb()).isEqualTo(320);
    }

    @Test
    void recordingGoesToTheStoreAndNoDaysAskNoMetrics() {
        FunctionMetrics never = (arn, from, to) -> {
            throw new AssertionError("metrics read for no stored day");
        };
        UsageStore none = new UsageStore() {
            @Override
            public int record(Collection<DailyUsage> days) {
                return 7;
            }

            @Override
            public List<DailyUsage> readDays(String functionArn, LocalDate from, LocalDate to) {
                return List.of();
            }
        };

        assertThat(new UsageWithMetrics(none, never).readDays(ARN, MON, TUE)).isEmpty();
        assertThat(new UsageWithMetrics(none, never).record(List.of())).isEqualTo(7);
    }
}
