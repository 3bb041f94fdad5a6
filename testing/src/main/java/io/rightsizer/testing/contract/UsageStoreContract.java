package io.rightsizer.testing.contract;

import io.rightsizer.domain.fold.DailyFold;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.domain.usage.UsageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link UsageStore} does, run against each implementation: one stored day per (function, UTC day)
 * holding the day's maximum and the sum of its counters, whatever the order and the repetition of the batches.
 */
public abstract class UsageStoreContract {

    protected static final String ORDERS = "arn:aws:lambda:us-east-1:123456789012:function:orders";
    protected static final String ORDERS_EU = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

    protected UsageStore store;

    /** A store on fresh, empty data. */
    protected abstract UsageStore newStore();

    /** Another store instance on the same data as the last {@link #newStore()} (another Lambda instance). */
    protected abstract UsageStore sameDataStore();

    @BeforeEach
    void freshStore() {
        store = newStore();
    }

    protected static InvocationUsage report(String function, String time, int usedMb) {
        return new InvocationUsage(function, Instant.parse(time), "r", "success", null, 10.5, 11, 512, usedMb,
                null, null);
    }

    protected static List<DailyUsage> fold(InvocationUsage... reports) {
        DailyFold fold = new DailyFold();
        for (InvocationUsage r : reports) {
            fold.add(r);
        }
        return fold.days();
    }

    /** A batch as ingest stores it: the counters Lambda's own metrics give are left to them (zero). */
    protected static List<DailyUsage> asIngested(List<DailyUsage> days) {
        return days.stream().map(DailyUsage::withoutPlatformMetrics).toList();
    }

    protected static LocalDate day(String day) {
        return LocalDate.parse(day);
    }

    @Test
    void aFoldedBatchIsReadBackOneDayPerUtcDayWithEveryFigure() {
        store.record(fold(
                report(ORDERS, "2026-11-02T08:00:00Z", 120),
                report(ORDERS, "2026-11-02T09:00:00Z", 300),
                report(ORDERS, "2026-11-03T01:00:00Z", 150),
                new InvocationUsage(ORDERS, Instant.parse("2026-11-03T02:00:00Z"), "r", "timeout", null, 3000, 3000,
                        512, 200, 400.0, null)));

        List<DailyUsage> days = store.readDays(ORDERS, day("2026-11-01"), day("2026-11-30"));
        assertThat(days).extracting(DailyUsage::day).containsExactly(day("2026-11-02"), day("2026-11-03"));
        assertThat(days.get(0).maxMemoryUsedMb()).isEqualTo(300);
        assertThat(days.get(0).invocations()).isEqualTo(2);
        assertThat(days.get(0).billedMsSum()).isEqualTo(22);
        assertThat(days.get(0).durationMsSum()).isEqualTo(21.0);
        assertThat(days.get(0).memorySizeMb()).isEqualTo(512);
        assertThat(days.get(0).lastSeen()).isEqualTo(Instant.parse("2026-11-02T09:00:00Z"));
        assertThat(days.get(1)).satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(200);
            assertThat(d.timeouts()).isEqualTo(1);
            assertThat(d.errors()).isEqualTo(1);
            assertThat(d.coldStarts()).isEqualTo(1);
            assertThat(d.function()).isEqualTo(ORDERS);
        });
    }

    @Test
    void aLowerMaximumRecordedLaterByAnotherInstanceLeavesTheStoredMaximumAndAddsTheCounters() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 400)));

        sameDataStore().record(fold(report(ORDERS, "2026-11-02T09:00:00Z", 100)));

        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(400);
            assertThat(d.invocations()).isEqualTo(2);
        });
    }

    @Test
    void concurrentBatchesOfOneDayKeepTheHighestMaximumAndSumTheirCounters() throws Exception {
        int batches = 8;
        List<Callable<Integer>> tasks = new ArrayList<>();
        int expectedMax = 0;
        for (int b = 0; b < batches; b++) {
            int peak = 100 + b * 37 % 250;
            expectedMax = Math.max(expectedMax, peak);
            List<DailyUsage> batch = fold(report(ORDERS, "2026-11-02T08:00:00Z", peak),
                    report(ORDERS, "2026-11-02T08:01:00Z", peak - 50));
            // Each batch on its own instance: like concurrent Lambda instances on different shards.
            UsageStore instance = sameDataStore();
            tasks.add(() -> instance.record(batch));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        int max = expectedMax;
        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.invocations()).isEqualTo(2L * batches);
            assertThat(d.billedMsSum()).isEqualTo(22L * batches);
            assertThat(d.maxMemoryUsedMb()).isEqualTo(max);
        });
    }

    @Test
    void aRedeliveredBatchKeepsTheMaximumExactAndCountsItsCountersTwice() {
        List<DailyUsage> batch = fold(report(ORDERS, "2026-11-02T08:00:00Z", 250),
                report(ORDERS, "2026-11-02T08:05:00Z", 260));

        store.record(batch);
        store.record(batch);

        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.maxMemoryUsedMb()).isEqualTo(260);
            assertThat(d.invocations()).as("at-least-once delivery over-counts").isEqualTo(4);
        });
    }

    @Test
    void theSameFunctionNameInTwoRegionsKeepsTwoSeparateHistories() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 250), report(ORDERS_EU, "2026-11-02T08:00:00Z", 450)));

        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02")))
                .singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(250);
        assertThat(store.readDays(ORDERS_EU, day("2026-11-02"), day("2026-11-02")))
                .singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(450);
    }

    @Test
    void readDaysReturnsOnlyTheAskedDaysOldestFirst() {
        store.record(fold(report(ORDERS, "2026-10-30T08:00:00Z", 1), report(ORDERS, "2026-10-31T08:00:00Z", 2),
                report(ORDERS, "2026-11-01T08:00:00Z", 3), report(ORDERS, "2026-11-02T08:00:00Z", 4)));

        assertThat(store.readDays(ORDERS, day("2026-10-31"), day("2026-11-01")))
                .extracting(DailyUsage::maxMemoryUsedMb).containsExactly(2, 3);
        assertThat(store.readDays(ORDERS, day("2026-11-05"), day("2026-11-01"))).isEmpty();
        assertThat(store.readDays("arn:aws:lambda:us-east-1:123456789012:function:never", day("2026-10-01"),
                day("2026-11-30"))).isEmpty();
    }

    @Test
    void undatedUsageIsRejectedBeforeAnythingIsWritten() {
        DailyFold fold = new DailyFold();
        fold.add(report(ORDERS, "2026-11-02T08:00:00Z", 100));
        fold.add(new InvocationUsage(ORDERS, null, "r", null, null, 1, 1, 128, 64, null, null));

        assertThatThrownBy(() -> store.record(fold.days())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("undated");
        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).isEmpty();
    }

    @Test
    void maximaAreKeptPerMemorySizeWhateverOrderTheBatchesArriveIn() {
        InvocationUsage at512 = report(ORDERS, "2026-11-02T08:00:00Z", 500);
        InvocationUsage at1024 = new InvocationUsage(ORDERS, Instant.parse("2026-11-02T15:00:00Z"), "r2", "success",
                null, 10.5, 11, 1024, 700, null, null);
        // The later size's batch first: the account-level subscription's random distribution reorders batches.
        store.record(fold(at1024));
        sameDataStore().record(fold(at512));
        store.record(fold(report(ORDERS, "2026-11-02T08:30:00Z", 480)));

        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.maxUsedBySize()).containsEntry(512, 500).containsEntry(1024, 700).hasSize(2);
            assertThat(d.maxMemoryUsedMb()).isEqualTo(700);
            assertThat(d.onlyAt(1024)).isFalse();
            assertThat(d.invocations()).isEqualTo(3);
        });
    }

    @Test
    void theVersionsThatRanEachDayAreKept() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 500).withVersion("$LATEST")));
        sameDataStore().record(fold(report(ORDERS, "2026-11-02T09:00:00Z", 400).withVersion("12"),
                report(ORDERS, "2026-11-03T09:00:00Z", 400)));

        List<DailyUsage> days = store.readDays(ORDERS, day("2026-11-02"), day("2026-11-03"));
        assertThat(days.get(0).versions()).containsExactly("$LATEST", "12");
        assertThat(days.get(0).ranPublishedVersion()).isTrue();
        assertThat(days.get(1).versions()).isEmpty();
    }

    @Test
    void aBatchThatCanChangeNothingStoredCostsNoWriteOnAWarmInstanceOrAnotherOne() {
        store.record(asIngested(fold(report(ORDERS, "2026-11-02T08:00:00Z", 400).withVersion("$LATEST"))));

        int warm = store.record(asIngested(fold(report(ORDERS, "2026-11-02T09:00:00Z", 100).withVersion("$LATEST"),
                report(ORDERS, "2026-11-02T09:01:00Z", 400).withVersion("$LATEST"))));
        int cold = sameDataStore().record(asIngested(fold(
                report(ORDERS, "2026-11-02T10:00:00Z", 399).withVersion("$LATEST"))));

        assertThat(warm).isZero();
        assertThat(cold).isZero();
        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.maxUsedBySize()).containsExactly(org.assertj.core.api.Assertions.entry(512, 400));
            assertThat(d.versions()).containsExactly("$LATEST");
            assertThat(d.invocations()).as("left to the platform's metrics").isZero();
        });
    }

    @Test
    void aHigherPeakANewVersionOrASizeChangeIsWrittenByTheBatchThatBringsIt() {
        store.record(asIngested(fold(report(ORDERS, "2026-11-02T08:00:00Z", 400).withVersion("$LATEST"))));

        int higher = store.record(asIngested(fold(report(ORDERS, "2026-11-02T09:00:00Z", 450)
                .withVersion("$LATEST"))));
        int published = sameDataStore().record(asIngested(fold(report(ORDERS, "2026-11-02T10:00:00Z", 100)
                .withVersion("8"))));
        int resized = store.record(asIngested(fold(new InvocationUsage(ORDERS, Instant.parse("2026-11-02T11:00:00Z"),
                "r3", "success", null, 10.5, 11, 1024, 300, null, null, "$LATEST"))));

        assertThat(higher).isPositive();
        assertThat(published).isPositive();
        assertThat(resized).isPositive();
        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.maxUsedBySize()).containsEntry(512, 450).containsEntry(1024, 300);
            assertThat(d.versions()).containsExactly("$LATEST", "8");
            assertThat(d.memorySizeMb()).isEqualTo(1024);
        });
    }

    @Test
    void outOfMemoryAndTimeoutsAreAddedByTheBatchesThatSawThemAndOnlyThose() {
        InvocationUsage oom = new InvocationUsage(ORDERS, Instant.parse("2026-11-02T08:00:00Z"), "r1", "error",
                "Runtime.OutOfMemory", 900, 900, 512, 512, null, null);
        InvocationUsage timeout = new InvocationUsage(ORDERS, Instant.parse("2026-11-02T08:05:00Z"), "r2", "timeout",
                null, 3000, 3000, 512, 300, null, null);
        store.record(asIngested(fold(oom, timeout)));
        int quiet = store.record(asIngested(fold(report(ORDERS, "2026-11-02T09:00:00Z", 200))));
        store.record(asIngested(fold(new InvocationUsage(ORDERS, Instant.parse("2026-11-02T10:00:00Z"), "r3",
                "timeout", null, 3000, 3000, 512, 310, null, null))));

        assertThat(quiet).isZero();
        assertThat(store.readDays(ORDERS, day("2026-11-02"), day("2026-11-02"))).singleElement().satisfies(d -> {
            assertThat(d.outOfMemory()).isEqualTo(1);
            assertThat(d.timeouts()).isEqualTo(2);
            assertThat(d.maxMemoryUsedMb()).isEqualTo(512);
        });
    }
}
