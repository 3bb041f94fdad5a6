package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.contract.UsageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The DynamoDB usage store: the port's contract on DynamoDB Local, and what only the item layout can show. */
class DynamoDbUsageStoreTest extends UsageStoreContract {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T12:00:00Z"), ZoneOffset.UTC);

    private static DynamoDbLocal dynamo;
    private String table;

    @BeforeAll
    static void startDynamo() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
    }

    @Override
    protected UsageStore newStore() {
        table = dynamo.createTable();
        return sameDataStore();
    }

    @Override
    protected DynamoDbUsageStore sameDataStore() {
        return new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);
    }

    @Test
    void aDurationSumDynamoDbCouldNotHoldIsStoredToTheMicrosecond() {
        // 1e-300 ms is within Lambda's bounds (not negative, finite) but its 300 decimal places are not a DynamoDB
        // number (38 digits, magnitude down to 1E-130): written as is, the whole batch would fail.
        LocalDate day = LocalDate.parse("2026-11-02");

        store.record(java.util.List.of(new DailyUsage(ORDERS, day, 100, 512, 2, 0, 0, 0, 2, 1e-300, 0,
                Instant.parse("2026-11-02T08:00:00Z"))));
        store.record(java.util.List.of(new DailyUsage(ORDERS, day, 100, 512, 1, 0, 0, 0, 2,
                123456.123456789012345678, 0, Instant.parse("2026-11-02T09:00:00Z"))));

        assertThat(store.readDays(ORDERS, day, day)).singleElement()
                .extracting(DailyUsage::durationMsSum).isEqualTo(123456.123);
    }

    @Test
    void aNewDayAsIngestedCostsOneWriteItsMaximumCarryingSizeAndVersion() {
        int writes = store.record(asIngested(fold(
                report(ORDERS, "2026-11-02T08:00:00Z", 120).withVersion("$LATEST"),
                report(ORDERS, "2026-11-02T09:00:00Z", 300).withVersion("$LATEST"),
                report(ORDERS, "2026-11-03T01:00:00Z", 150).withVersion("$LATEST"))));

        assertThat(writes).isEqualTo(2);
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-03")))
                .allSatisfy(d -> {
                    assertThat(d.memorySizeMb()).isEqualTo(512);
                    assertThat(d.versions()).containsExactly("$LATEST");
                });
    }

    @Test
    void aDayWithCountersCostsItsMaximumAndOneWriteForTheCounters() {
        int writes = store.record(fold(
                report(ORDERS, "2026-11-02T08:00:00Z", 120),
                report(ORDERS, "2026-11-02T09:00:00Z", 300),
                report(ORDERS, "2026-11-03T01:00:00Z", 150)));

        assertThat(writes).isEqualTo(4);
    }

    @Test
    void dayItemsCarryAKeyLayoutAndTtlOfTheirDayNotOfTheWrite() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 120)));

        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("FN#" + ORDERS), "sk", AttributeValue.fromS("DAY#2026-11-02")))).item();
        long expected = Instant.parse("2026-11-03T00:00:00Z").plus(Duration.ofDays(60)).getEpochSecond();
        assertThat(item.get(TableSchema.EXPIRES_AT).n()).isEqualTo(Long.toString(expected));
        assertThat(item.get(TableSchema.maxUsedAt(512)).n()).isEqualTo("120");
    }

    @Test
    void aStaleMemoryCostsOneLostConditionalWriteNeverAWrongMaximum() {
        DynamoDbUsageStore first = sameDataStore();
        first.record(asIngested(fold(report(ORDERS, "2026-11-02T08:00:00Z", 100))));
        sameDataStore().record(asIngested(fold(report(ORDERS, "2026-11-02T08:30:00Z", 400))));

        int lost = first.record(asIngested(fold(report(ORDERS, "2026-11-02T09:00:00Z", 300))));
        int known = first.record(asIngested(fold(report(ORDERS, "2026-11-02T09:30:00Z", 350))));

        assertThat(lost).as("it believed 100 was stored: the condition refused 300").isEqualTo(1);
        assertThat(known).as("the refusal told it 400").isZero();
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().extracting(DailyUsage::maxMemoryUsedMb).isEqualTo(400);
    }

    @Test
    void aWarmStoreSkipsTheMaxWriteWhenItKnowsTheStoredMaximumIsHigher() {
        store.record(fold(report(ORDERS, "2026-11-02T08:00:00Z", 400)));

        int writes = store.record(fold(report(ORDERS, "2026-11-02T09:00:00Z", 100)));

        assertThat(writes).as("only the counters").isEqualTo(1);
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().extracting(DailyUsage::invocations).isEqualTo(2L);
    }

    @Test
    void readDaysSkipsTheWindowItemOfTheSameFunction() {
        store.record(fold(report(ORDERS, "2026-11-01T08:00:00Z", 3)));
        dynamo.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("FN#" + ORDERS), "sk", AttributeValue.fromS("WINDOW"))));

        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01")))
                .extracting(DailyUsage::maxMemoryUsedMb).containsExactly(3);
    }

    @Test
    void anItemWrittenBeforeMaximaWereKeptPerSizeReadsItsMaximumAsTheLastSizes() {
        dynamo.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("FN#" + ORDERS), "sk", AttributeValue.fromS("DAY#2026-11-02"),
                TableSchema.MAX_MEMORY_USED_MB, AttributeValue.fromN("300"),
                TableSchema.MEMORY_SIZE_MB, AttributeValue.fromN("1024"),
                TableSchema.INVOCATIONS, AttributeValue.fromN("10"))));

        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02")))
                .singleElement().satisfies(d -> {
                    assertThat(d.maxUsedBySize()).containsExactly(Map.entry(1024, 300));
                    assertThat(d.maxMemoryUsedMb()).isEqualTo(300);
                });
    }

    @Test
    void aDayWhoseItemWouldAlreadyHaveExpiredIsNotWritten() {
        assertThat(store.record(fold(report(ORDERS, "2026-08-01T08:00:00Z", 100)))).isZero();
        assertThat(store.readDays(ORDERS, LocalDate.parse("2026-08-01"), LocalDate.parse("2026-08-01"))).isEmpty();
    }
}
