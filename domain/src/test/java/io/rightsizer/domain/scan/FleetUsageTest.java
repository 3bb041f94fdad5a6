package io.rightsizer.domain.scan;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.fold.DailyFold;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetUsageTest {

    private static final ScanWindow WINDOW = new ScanWindow(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-14"));
    private static final LocalDate DAY = LocalDate.parse("2026-11-03");

    private static ListedFunction function(String name, String logGroup) {
        return new ListedFunction(name, "arn:aws:lambda:us-east-1:123456789012:function:" + name, 512,
                Architecture.X86_64, logGroup, LogFormat.TEXT);
    }

    private static UsageRow row(String group, String writer, LocalDate day, int size, String status, String errorType,
                                int max, long n, String lastSeen) {
        return new UsageRow(group, writer, day, size, status, errorType, max, n, n * 100, n * 90.5, 1,
                Instant.parse(lastSeen));
    }

    @Test
    void rowsOfOneDayMergeLikeTheDailyFoldOfTheirReports() {
        FleetUsage usage = new FleetUsage(List.of(function("orders", null)), WINDOW);
        usage.add(List.of(
                row("/aws/lambda/orders", "", DAY, 1024, null, null, 300, 40, "2026-11-03T10:00:00Z"),
                row("/aws/lambda/orders", "", DAY, 512, "error", "Runtime.OutOfMemory", 512, 2, "2026-11-03T18:00:00Z"),
                row("/aws/lambda/orders", "", DAY, 512, "timeout", null, 410, 3, "2026-11-03T17:00:00Z")));

        DailyFold fold = new DailyFold();
        for (int i = 0; i < 40; i++) {
            fold.add(report(Instant.parse("2026-11-03T10:00:00Z"), null, null, 1024, 300));
        }
        for (int i = 0; i < 2; i++) {
            fold.add(report(Instant.parse("2026-11-03T18:00:00Z"), "error", "Runtime.OutOfMemory", 512, 512));
        }
        for (int i = 0; i < 3; i++) {
            fold.add(report(Instant.parse("2026-11-03T17:00:00Z"), "timeout", null, 512, 410));
        }
        DailyUsage expected = fold.days().get(0);

        DailyUsage actual = usage.days().get("orders").get(0);
        assertThat(actual).usingRecursiveComparison().ignoringFields("durationMsSum", "billedMsSum", "coldStarts")
                .isEqualTo(expected);
        assertThat(actual.memorySizeMb()).as("the size of the day's last report").isEqualTo(512);
        assertThat(actual.errors()).isEqualTo(5);
        assertThat(actual.timeouts()).isEqualTo(3);
        assertThat(actual.outOfMemory()).isEqualTo(2);
        assertThat(usage.memorySizes("orders")).containsExactly(512, 1024);
    }

    private static InvocationUsage report(Instant time, String status, String errorType, int size, int max) {
        return new InvocationUsage("orders", time, "r", status, errorType, 90.5, 100, size, max, null, null);
    }

    @Test
    void aSharedLogGroupsRowsGoToTheFunctionTheirStreamNames() {
        FleetUsage usage = new FleetUsage(List.of(function("billing", "/teams/shared"),
                function("invoices", "/teams/shared")), WINDOW);

        usage.add(List.of(
                row("/teams/shared", "billing", DAY, 256, null, null, 100, 10, "2026-11-03T10:00:00Z"),
                row("/teams/shared", "invoices", DAY, 256, null, null, 200, 20, "2026-11-03T10:00:00Z"),
                row("/teams/shared", "someone-else", DAY, 256, null, null, 250, 5, "2026-11-03T10:00:00Z"),
                row("/teams/shared", "", DAY, 256, null, null, 250, 7, "2026-11-03T10:00:00Z")));

        assertThat(usage.days().get("billing")).extracting(DailyUsage::maxMemoryUsedMb).containsExactly(100);
        assertThat(usage.days().get("invoices")).extracting(DailyUsage::maxMemoryUsedMb).containsExactly(200);
        assertThat(usage.days()).containsOnlyKeys("billing", "invoices");
        assertThat(usage.unattributedReports()).isEqualTo(12);
    }

    @Test
    void aDefaultLogGroupsUnnamedStreamsBelongToItsFunction() {
        FleetUsage usage = new FleetUsage(List.of(function("orders", null), function("audit", "/aws/lambda/orders")),
                WINDOW);

        usage.add(List.of(row("/aws/lambda/orders", "", DAY, 128, null, null, 90, 3, "2026-11-03T10:00:00Z"),
                row("/aws/lambda/orders", "audit", DAY, 128, null, null, 60, 4, "2026-11-03T10:00:00Z")));

        assertThat(usage.days().get("orders").get(0).invocations()).isEqualTo(3);
        assertThat(usage.days().get("audit").get(0).invocations()).isEqualTo(4);
    }

    @Test
    void rowsOutsideTheWindowAreDroppedAndAForgottenFunctionDisappears() {
        FleetUsage usage = new FleetUsage(List.of(function("orders", null), function("cart", null)), WINDOW);
        usage.add(List.of(
                row("/aws/lambda/orders", "", LocalDate.parse("2026-11-15"), 128, null, null, 90, 3, "2026-11-15T00:00:00Z"),
                row("/aws/lambda/orders", "", DAY, 128, null, null, 80, 3, "2026-11-03T10:00:00Z"),
                row("/aws/lambda/cart", "", DAY, 128, null, null, 80, 3, "2026-11-03T10:00:00Z")));

        usage.forget("cart");

        assertThat(usage.days()).containsOnlyKeys("orders");
        assertThat(usage.days().get("orders")).extracting(DailyUsage::day).containsExactly(DAY);
        assertThat(usage.functionsOf(List.of("/aws/lambda/cart", "/aws/lambda/orders"))).containsExactly("cart", "orders");
    }
}
