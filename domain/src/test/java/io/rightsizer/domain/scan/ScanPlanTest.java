package io.rightsizer.domain.scan;

import io.rightsizer.domain.cost.Architecture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScanPlanTest {

    private static final Instant NOW = Instant.parse("2026-11-15T08:30:00Z");
    private static final ScanWindow TWO_WEEKS = ScanWindow.lastDays(14, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ListedFunction text(String name) {
        return new ListedFunction(name, "arn:aws:lambda:us-east-1:123456789012:function:" + name, 512,
                Architecture.X86_64, null, LogFormat.TEXT);
    }

    private static ListedFunction json(String name, String logGroup) {
        return new ListedFunction(name, "arn:aws:lambda:us-east-1:123456789012:function:" + name, 512,
                Architecture.ARM64, logGroup, LogFormat.JSON);
    }

    private static LogGroupInfo group(String name, long bytes) {
        return new LogGroupInfo(name, bytes, 14, NOW.minusSeconds(86_400L * 400));
    }

    @Test
    void theWindowIsTheWholeDaysBeforeToday() {
        assertThat(TWO_WEEKS.firstDay()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(TWO_WEEKS.lastDay()).isEqualTo(LocalDate.parse("2026-11-14"));
        assertThat(TWO_WEEKS.days()).isEqualTo(14);
        assertThat(TWO_WEEKS.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TWO_WEEKS.to()).isEqualTo(Instant.parse("2026-11-15T00:00:00Z"));
        assertThat(TWO_WEEKS.contains(LocalDate.parse("2026-11-15"))).isFalse();
    }

    @Test
    void fiftyLogGroupsAtMostGoIntoOneQuery() {
        List<ListedFunction> functions = new ArrayList<>();
        Map<String, LogGroupInfo> groups = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            ListedFunction f = text(String.format("fn-%03d", i));
            functions.add(f);
            groups.put(f.logGroup(), group(f.logGroup(), 1000));
        }

        ScanPlan plan = ScanPlan.of(functions, groups, TWO_WEEKS, NOW);

        assertThat(plan.batches()).extracting(b -> b.logGroups().size()).containsExactly(50, 50, 20);
        assertThat(plan.estimatedBytes()).isEqualTo(120_000);
        assertThat(plan.logGroupCount()).isEqualTo(120);
    }

    @Test
    void textAndJsonLogGroupsAreQueriedApartAndASharedGroupOnceForEachFormatItHolds() {
        ListedFunction orders = text("orders");
        ListedFunction billing = json("billing", "/teams/shared");
        ListedFunction invoices = json("invoices", "/teams/shared");
        ListedFunction legacy = new ListedFunction("legacy", "arn:aws:lambda:us-east-1:123456789012:function:legacy",
                256, Architecture.X86_64, "/teams/shared", LogFormat.TEXT);
        Map<String, LogGroupInfo> groups = Map.of(orders.logGroup(), group(orders.logGroup(), 10),
                "/teams/shared", group("/teams/shared", 100));

        ScanPlan plan = ScanPlan.of(List.of(orders, billing, invoices, legacy), groups, TWO_WEEKS, NOW);

        assertThat(plan.batches()).extracting(QueryBatch::format, QueryBatch::logGroups).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LogFormat.TEXT, List.of("/aws/lambda/orders", "/teams/shared")),
                org.assertj.core.groups.Tuple.tuple(LogFormat.JSON, List.of("/teams/shared")));
        assertThat(plan.estimatedBytes()).as("the shared group is scanned by both queries").isEqualTo(210);
        assertThat(plan.functionsOf("/teams/shared")).extracting(ListedFunction::name)
                .containsExactlyInAnyOrder("billing", "invoices", "legacy");
    }

    @Test
    void aFunctionWithoutALogGroupIsNotQueried() {
        ListedFunction idle = text("never-invoked");
        ListedFunction busy = text("busy");

        ScanPlan plan = ScanPlan.of(List.of(idle, busy), Map.of(busy.logGroup(), group(busy.logGroup(), 5)),
                TWO_WEEKS, NOW);

        assertThat(plan.withoutLogs()).containsExactly(idle);
        assertThat(plan.functions()).containsOnlyKeys("busy");
        assertThat(plan.batches()).hasSize(1);
    }

    @Test
    void aLongWindowPutsFewerLogGroupsIntoAQuerySoItsRowsFitTheServicesLimit() {
        ScanWindow year = ScanWindow.lastDays(365, Clock.fixed(NOW, ZoneOffset.UTC));
        List<ListedFunction> functions = new ArrayList<>();
        Map<String, LogGroupInfo> groups = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            ListedFunction f = text("fn-" + i);
            functions.add(f);
            groups.put(f.logGroup(), group(f.logGroup(), 1));
        }

        ScanPlan plan = ScanPlan.of(functions, groups, year, NOW);

        int perQuery = ScanPlan.ROW_BUDGET / (365 * ScanPlan.ROWS_PER_FUNCTION_DAY);
        assertThat(plan.batches()).allSatisfy(b -> assertThat(b.logGroups().size()).isLessThanOrEqualTo(perQuery));
        assertThat(plan.batches().stream().mapToInt(b -> b.logGroups().size()).sum()).isEqualTo(20);
    }

    @Test
    void aLogGroupHoldingMoreDaysThanTheWindowIsEstimatedAtItsShare() {
        LogGroupInfo month = new LogGroupInfo("/aws/lambda/a", 30_000, 30, NOW.minusSeconds(86_400L * 365));
        LogGroupInfo young = new LogGroupInfo("/aws/lambda/b", 7_000, null, NOW.minusSeconds(86_400L * 7));
        LogGroupInfo forever = new LogGroupInfo("/aws/lambda/c", 9_000, null, null);

        assertThat(month.estimatedBytes(14, NOW)).isEqualTo(14_000);
        assertThat(young.estimatedBytes(14, NOW)).as("younger than the window: all of it").isEqualTo(7_000);
        assertThat(forever.estimatedBytes(14, NOW)).as("unknown age, kept forever: all of it").isEqualTo(9_000);
    }

    @Test
    void halvingABatchKeepsItsLogGroupsAndItsEstimate() {
        QueryBatch batch = new QueryBatch(LogFormat.TEXT, List.of("a", "b", "c"), 301);

        List<QueryBatch> halves = batch.split();

        assertThat(halves).extracting(QueryBatch::logGroups).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(halves.get(0).estimatedBytes() + halves.get(1).estimatedBytes()).isEqualTo(301);
    }

    @Test
    void scanCostIsFiveTenthsOfACentPerGigabyte() {
        ScanCost cost = new ScanCost(ScanCost.bytesOf(12.4));

        assertThat(cost.usd()).isCloseTo(0.062, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cost).hasToString("12.4 GB ($0.0620)");
        assertThat(new ScanCost(1_234_000_000)).hasToString("1.23 GB ($0.0062)");
        assertThat(new ScanCost(3_050_000).gbText()).isEqualTo("3.05 MB");
    }
}
