package io.rightsizer.core.store.dynamodb;

import io.rightsizer.core.fold.DailyFold;
import io.rightsizer.core.fold.DailyUsage;
import io.rightsizer.core.store.TableKeys;
import io.rightsizer.core.testing.DynamoDbLocal;
import io.rightsizer.core.usage.InvocationUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbUsageStoreTest {

    private static final String ORDERS = "arn:aws:lambda:us-east-1:123456789012:function:orders";
    private static final String ORDERS_EU = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T12:00:00Z"), ZoneOffset.UTC);

    private static DynamoDbLocal dynamo;
    private String table;
    private DynamoDbUsageStore store;

    @BeforeAll
    static void startDynamo() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
    }

    @BeforeEach
    void freshTable() {
        table = dynamo.createTable();
        store = new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);
    }

    private static InvocationUsage report(String function, String time, int usedMb) {
        return new InvocationUsage(function, Instant.parse(time), "r", "success", null, 10.5, 11, 512, usedMb,
                null, null);
    }

    private static List<DailyUsage> fold(InvocationUsage... reports) {
        DailyFold fold = new DailyFold();
        for (InvocationUsage r : reports) {
            fold.add(r);
        }
        return fold.days();
    }

    @Test
    void givenAFoldedBatch_whenRecorded_thenEachFunctionDayCostsTwoWritesAndReadsBack() {
        List<DailyUsage> batch = fold(
                report(ORDERS, "2026-11-02T08:00:00Z", 120),
                report(ORDERS, "2026-11-02T09:00:00Z", 300),
                report(ORDERS, "2026-11-03T01:00:00Z", 150),
                new InvocationUsage(ORDERS, Instant.parse("2026-11-03T02:00:00Z"), "r", "timeout", null, 3000, 3000,
                        512, 200, 400.0, null));

        int writes = store.record(batch);

        assertThat(writes).isEqualTo(4);
        List<DailyUsage> days = store.readDays(ORDERS, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"));
        assertThat(days).extracting(DailyUsage::day)
                .containsExactly(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-03"));
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
    void dayItemsCarryAKeyLayoutAndTtlOfTheirDayNotOfTheWrite() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 120)));

        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("FN#" + ORDERS), "sk", AttributeValue.fromS("DAY#2026-11-02")))).item();
        long expected = Instant.parse("2026-11-03T00:00:00Z").plus(Duration.ofDays(60)).getEpochSecond();
        assertThat(item.get(TableKeys.EXPIRES_AT).n()).isEqualTo(Long.toString(expected));
        assertThat(item.get(TableKeys.MAX_MEMORY_USED_MB).n()).isEqualTo("120");
    }

    @Test
    void givenALowerMaximumLater_whenRecorded_thenTheStoredMaximumStaysAndCountersAdd() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 400)));
        DynamoDbUsageStore otherInstance = new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);

        int writes = otherInstance.record(fold(report(ORDERS, "2026-11-02T09:00:00Z", 100)));

        assertThat(writes).as("the lost conditional write still counts").isEqualTo(2);
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().satisfies(d -> {
                    assertThat(d.maxMemoryUsedMb()).isEqualTo(400);
                    assertThat(d.invocations()).isEqualTo(2);
                });
    }

    @Test
    void aWarmStoreSkipsTheMaxWriteWhenItKnowsTheStoredMaximumIsHigher() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 400)));

        int writes = store.record(fold(report(ORDERS, "2026-11-02T09:00:00Z", 100)));

        assertThat(writes).isEqualTo(1);
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().extracting(DailyUsage::invocations).isEqualTo(2L);
    }

    @Test
    void givenConcurrentBatchesOfOneDay_whenRecordedInParallel_thenTheMaximumIsTheHighestAndCountersSum()
            throws Exception {
        int batches = 8;
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int peak = 100 + b * 37 % 250;
            List<DailyUsage> batch = fold(
                    report(ORDERS, "2026-11-02T08:00:00Z", peak),
                    report(ORDERS, "2026-11-02T08:01:00Z", peak - 50));
            // Each batch on its own store instance: like concurrent Lambda instances on different shards.
            DynamoDbUsageStore instance = new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);
            tasks.add(() -> instance.record(batch));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }

        int expectedMax = 0;
        for (int b = 0; b < batches; b++) {
            expectedMax = Math.max(expectedMax, 100 + b * 37 % 250);
        }
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().satisfies(d -> {
                    assertThat(d.invocations()).isEqualTo(2L * batches);
                    assertThat(d.billedMsSum()).isEqualTo(22L * batches);
                });
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")).get(0)
                .maxMemoryUsedMb()).isEqualTo(expectedMax);
    }

    @Test
    void givenARedeliveredBatch_thenTheMaximumIsExactAndTheCountersCountItTwice() {
        List<DailyUsage> batch = fold(report(ORDERS, "2026-11-02T08:00:00Z", 250),
                report(ORDERS, "2026-11-02T08:05:00Z", 260));

        store.record(batch);
        store.record(batch);

        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().satisfies(d -> {
                    assertThat(d.maxMemoryUsedMb()).isEqualTo(260);
                    assertThat(d.invocations()).as("at-least-once delivery over-counts").isEqualTo(4);
                });
    }

    @Test
    void theSameFunctionNameInTwoRegionsKeepsTwoSeparateHistories() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 250), report(ORDERS_EU, "2026-11-02T08:00:00Z", 900)));

        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(250);
        assertThat(store.readDays(ORDERS_EU, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(900);
    }

    @Test
    void readDaysReturnsOnlyTheAskedDaysOldestFirstAndNoWindowItem() {
        store.record(fold(report(ORDERS, "2026-10-30T08:00:00Z", 1), report(ORDERS, "2026-10-31T08:00:00Z", 2),
                report(ORDERS, "2026-11-01T08:00:00Z", 3), report(ORDERS, "2026-11-02T08:00:00Z", 4)));
        dynamo.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("FN#" + ORDERS), "sk", AttributeValue.fromS("WINDOW"))));

        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-10-31"), LocalDate.parse("2026-11-01")))
                .extracting(DailyUsage::maxMemoryUsedMb).containsExactly(2, 3);
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-05"), LocalDate.parse("2026-11-01"))).isEmpty();
    }

    @Test
    void aDayWhoseItemWouldAlreadyHaveExpiredIsNotWritten() {
        assertThat(store.record(fold(report(ORDERS, "2026-08-01T08:00:00Z", 100)))).isZero();
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-08-01"), LocalDate.parse("2026-08-01"))).isEmpty();
    }

    @Test
    void undatedUsageIsRejectedBeforeAnythingIsWritten() {
        DailyFold fold = new DailyFold();
        fold.add(report(ORDERS, "2026-11-02T08:00:00Z", 100));
        fold.add(new InvocationUsage(ORDERS, null, "r", null, null, 1, 1, 128, 64, null, null));

        assertThatThrownBy(() -> store.record(fold.days())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("undated");
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02"))).isEmpty();
    }
}
