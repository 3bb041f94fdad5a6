package io.rightsizer.domain.fold;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class DailyFoldTest {

    private static InvocationUsage report(String function, String time, int sizeMb, int usedMb) {
        return new InvocationUsage(function, time == null ? null : Instant.parse(time), "req", "success", null,
                100.5, 101, sizeMb, usedMb, null, null);
    }

    private static InvocationUsage failed(String function, String time, String status, String errorType) {
        return new InvocationUsage(function, Instant.parse(time), "req", status, errorType, 3000, 3000, 512, 512,
                null, null);
    }

    @Test
    void theDailyMaximumIsTheHighestPeakOfTheDay() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T08:00:00Z", 512, 120));
        fold.add(report("orders", "2026-11-02T09:00:00Z", 512, 310));
        fold.add(report("orders", "2026-11-02T10:00:00Z", 512, 200));

        assertThat(fold.days()).singleElement().satisfies(d -> {
            assertThat(d.day()).isEqualTo(LocalDate.parse("2026-11-02"));
            assertThat(d.maxMemoryUsedMb()).isEqualTo(310);
            assertThat(d.invocations()).isEqualTo(3);
        });
    }

    @Test
    void theConfiguredSizeIsTheOneOfTheLatestReportByTimeNotByArrival() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T12:00:00Z", 1024, 100));
        fold.add(report("orders", "2026-11-02T08:00:00Z", 512, 100)); // arrives later, happened earlier

        DailyUsage day = fold.days().get(0);
        assertThat(day.memorySizeMb()).isEqualTo(1024);
        assertThat(day.lastSeen()).isEqualTo(Instant.parse("2026-11-02T12:00:00Z"));
    }

    @Test
    void countersSumErrorsTimeoutsOutOfMemoryBilledTimeAndColdStarts() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T08:00:00Z", 512, 100));
        fold.add(failed("orders", "2026-11-02T08:01:00Z", "timeout", null));
        fold.add(failed("orders", "2026-11-02T08:02:00Z", "error", "Runtime.OutOfMemory"));
        fold.add(new InvocationUsage("orders", Instant.parse("2026-11-02T08:03:00Z"), "r", "success", null,
                10, 11, 512, 90, 250.0, null));

        DailyUsage day = fold.days().get(0);
        assertThat(day.invocations()).isEqualTo(4);
        assertThat(day.errors()).isEqualTo(2);
        assertThat(day.timeouts()).isEqualTo(1);
        assertThat(day.outOfMemory()).isEqualTo(1);
        assertThat(day.billedMsSum()).isEqualTo(101 + 3000 + 3000 + 11);
        assertThat(day.durationMsSum()).isEqualTo(100.5 + 3000 + 3000 + 10);
        assertThat(day.coldStarts()).isEqualTo(1);
        assertThat(day.atMemoryLimit()).isTrue();
    }

    @Test
    void reportsOnEitherSideOfUtcMidnightFallOnDifferentDays() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T23:59:59.999Z", 512, 100));
        fold.add(report("orders", "2026-11-03T00:00:00Z", 512, 200));

        assertThat(fold.days()).extracting(DailyUsage::day, DailyUsage::maxMemoryUsedMb).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-11-02"), 100),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-11-03"), 200));
    }

    @Test
    void daysAreUtcDaysWhateverTheReportsOffsetWas() {
        // 01:30 at +02:00 is still the previous UTC day.
        Instant time = java.time.OffsetDateTime.parse("2026-11-03T01:30:00+02:00").toInstant();
        assertThat(DailyFold.utcDay(time)).isEqualTo(LocalDate.parse("2026-11-02"));
    }

    @Test
    void daysBeforeTheEpochStillFoldToTheirOwnUtcDay() {
        DailyFold fold = new DailyFold();
        fold.add(report("old", "1969-12-31T23:00:00Z", 128, 64));

        assertThat(fold.days().get(0).day()).isEqualTo(LocalDate.parse("1969-12-31"));
    }

    @Test
    void reportsWithoutATimeFallIntoOneUndatedBucketOrderedFirst() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T08:00:00Z", 512, 300));
        fold.add(report("orders", null, 512, 150));
        fold.add(report("orders", null, 1024, 180));

        List<DailyUsage> days = fold.days();
        assertThat(days).hasSize(2);
        DailyUsage undated = days.get(0);
        assertThat(undated.undated()).isTrue();
        assertThat(undated.invocations()).isEqualTo(2);
        assertThat(undated.maxMemoryUsedMb()).isEqualTo(180);
        assertThat(undated.memorySizeMb()).as("last by input order when there is no time").isEqualTo(1024);
        assertThat(undated.lastSeen()).isNull();
        assertThat(days.get(1).day()).isEqualTo(LocalDate.parse("2026-11-02"));
    }

    @Test
    void functionsAreKeptApartAndOrderedByName() {
        DailyFold fold = new DailyFold();
        fold.add(report("zeta", "2026-11-02T08:00:00Z", 512, 300));
        fold.add(report("alpha", "2026-11-02T08:00:00Z", 256, 100));
        fold.add(report("alpha", "2026-11-01T08:00:00Z", 256, 90));

        assertThat(fold.days()).extracting(DailyUsage::function, DailyUsage::day).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alpha", LocalDate.parse("2026-11-01")),
                org.assertj.core.groups.Tuple.tuple("alpha", LocalDate.parse("2026-11-02")),
                org.assertj.core.groups.Tuple.tuple("zeta", LocalDate.parse("2026-11-02")));
        assertThat(fold.size()).isEqualTo(3);
        assertThat(fold.reports()).isEqualTo(3);
    }

    @Test
    void memoryIsBoundedByFunctionsTimesDaysNotByReports() {
        DailyFold fold = new DailyFold();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 50_000; i++) {
            fold.add(report("fn-" + (i % 3), start.plusSeconds(i * 30L).toString(), 512, i % 400));
        }
        // 50,000 reports 30 s apart span 18 days (17.4 rounded up), for 3 functions.
        assertThat(fold.size()).isEqualTo(3 * 18);
        assertThat(fold.reports()).isEqualTo(50_000);
    }

    @Test
    void addAllMergesAnotherFoldDayByDay() {
        DailyFold first = new DailyFold();
        first.add(report("orders", "2026-11-02T08:00:00Z", 512, 100));
        first.add(report("orders", null, 512, 70));
        DailyFold second = new DailyFold();
        second.add(report("orders", "2026-11-02T18:00:00Z", 768, 400));
        second.add(report("orders", null, 256, 80));
        second.add(report("billing", "2026-11-02T18:00:00Z", 128, 60));

        first.addAll(second);

        assertThat(first.reports()).isEqualTo(5);
        assertThat(first.days()).hasSize(3);
        DailyUsage orders = first.days().stream()
                .filter(d -> d.function().equals("orders") && !d.undated()).findFirst().orElseThrow();
        assertThat(orders.maxMemoryUsedMb()).isEqualTo(400);
        assertThat(orders.memorySizeMb()).isEqualTo(768);
        assertThat(orders.invocations()).isEqualTo(2);
        DailyUsage undated = first.days().stream()
                .filter(d -> d.function().equals("orders") && d.undated()).findFirst().orElseThrow();
        assertThat(undated.maxMemoryUsedMb()).isEqualTo(80);
        assertThat(undated.invocations()).isEqualTo(2);
    }

    @Test
    void mergingTwoPartsOfADayKeepsTheLaterSizeAndSumsCounters() {
        LocalDate day = LocalDate.parse("2026-11-02");
        DailyUsage morning = new DailyUsage("orders", day, 300, 512, 10, 1, 0, 0, 1000, 900.0, 1,
                Instant.parse("2026-11-02T09:00:00Z"));
        DailyUsage evening = new DailyUsage("orders", day, 200, 1024, 5, 0, 1, 0, 500, 450.0, 0,
                Instant.parse("2026-11-02T21:00:00Z"));

        DailyUsage merged = evening.merge(morning);

        assertThat(merged.maxMemoryUsedMb()).isEqualTo(300);
        assertThat(merged.memorySizeMb()).isEqualTo(1024);
        assertThat(merged.lastSeen()).isEqualTo(Instant.parse("2026-11-02T21:00:00Z"));
        assertThat(merged.invocations()).isEqualTo(15);
        assertThat(merged.errors()).isEqualTo(1);
        assertThat(merged.timeouts()).isEqualTo(1);
        assertThat(merged.billedMsSum()).isEqualTo(1500);
        assertThat(merged.coldStarts()).isEqualTo(1);
    }

    @Test
    void mergingDifferentDaysIsRefused() {
        DailyUsage a = new DailyUsage("orders", LocalDate.parse("2026-11-02"), 1, 128, 1, 0, 0, 0, 1, 1, 0, null);
        DailyUsage b = new DailyUsage("orders", LocalDate.parse("2026-11-03"), 1, 128, 1, 0, 0, 0, 1, 1, 0, null);

        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot merge");
    }

    @Test
    void aPeakEqualToTheConfiguredSizeIsAtTheMemoryLimit() {
        DailyUsage full = new DailyUsage("f", LocalDate.parse("2026-11-02"), 512, 512, 1, 0, 0, 0, 1, 1, 0, null);
        DailyUsage roomy = new DailyUsage("f", LocalDate.parse("2026-11-02"), 511, 512, 1, 0, 0, 0, 1, 1, 0, null);

        assertThat(full.atMemoryLimit()).isTrue();
        assertThat(roomy.atMemoryLimit()).isFalse();
    }

    @Test
    void aDayKeepsItsMaximumPerConfiguredSizeWhateverTheOrderOfTheReports() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T15:00:00Z", 1024, 700));
        fold.add(report("orders", "2026-11-02T08:00:00Z", 512, 500));
        fold.add(report("orders", "2026-11-02T09:00:00Z", 512, 510));
        fold.add(report("orders", "2026-11-02T16:00:00Z", 1024, 650));

        DailyUsage day = fold.days().get(0);

        assertThat(day.maxUsedBySize()).containsExactly(entry(512, 510), entry(1024, 700));
        assertThat(day.maxMemoryUsedMb()).isEqualTo(700);
        assertThat(day.onlyAt(1024)).as("a day on which the size changed is evidence for neither").isFalse();
        assertThat(day.onlyAt(512)).isFalse();
    }

    @Test
    void aDayKeepsTheVersionsThatRanAndMergesThemWithAnotherFoldOfTheSameDay() {
        DailyFold first = new DailyFold();
        first.add(report("orders", "2026-11-02T08:00:00Z", 512, 500).withVersion("$LATEST"));
        DailyFold second = new DailyFold();
        second.add(report("orders", "2026-11-02T09:00:00Z", 512, 400).withVersion("7"));
        second.add(report("orders", "2026-11-02T10:00:00Z", 512, 300));

        first.addAll(second);
        DailyUsage day = first.days().get(0);

        assertThat(day.versions()).containsExactly("$LATEST", "7");
        assertThat(day.ranPublishedVersion()).isTrue();
        assertThat(day.onlyAt(512)).isTrue();
        assertThat(day.merge(day).maxUsedBySize()).containsExactly(entry(512, 500));
    }
    @Test
    void countersThatWouldOverflowSaturateInsteadOfFailingTheFold() {
        LocalDate day = LocalDate.parse("2026-11-02");
        long huge = Long.MAX_VALUE / 2 + 1;
        DailyUsage a = new DailyUsage("orders", day, 300, 512, huge, huge, huge, huge, huge, 1.0, huge, null);

        DailyUsage merged = a.merge(a);

        assertThat(merged.invocations()).isEqualTo(Long.MAX_VALUE);
        assertThat(merged.errors()).isEqualTo(Long.MAX_VALUE);
        assertThat(merged.timeouts()).isEqualTo(Long.MAX_VALUE);
        assertThat(merged.outOfMemory()).isEqualTo(Long.MAX_VALUE);
        assertThat(merged.billedMsSum()).isEqualTo(Long.MAX_VALUE);
        assertThat(merged.coldStarts()).isEqualTo(Long.MAX_VALUE);
        assertThat(merged.merge(new DailyUsage("orders", day, 1, 512, 1, 1, 1, 1, 1, 1.0, 1, null)).invocations())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDurationSumThatIsNotAFiniteNumberIsRefused() {
        LocalDate day = LocalDate.parse("2026-11-02");

        assertThatThrownBy(() -> new DailyUsage("orders", day, 1, 512, 1, 0, 0, 0, 1, Double.NaN, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationMsSum");
        assertThatThrownBy(() -> new DailyUsage("orders", day, 1, 512, 1, 0, 0, 0, 1,
                Double.POSITIVE_INFINITY, 0, null)).hasMessageContaining("durationMsSum");
    }

    @Test
    void aRepeatedReportRaisesTheMaximumAndAddsItsVersionButCountsNothing() {
        DailyFold fold = new DailyFold();
        fold.add(report("orders", "2026-11-02T08:00:00Z", 512, 100));

        fold.addRepeat(report("orders", "2026-11-02T08:00:00Z", 512, 140).withVersion("3"));

        assertThat(fold.reports()).isEqualTo(1);
        assertThat(fold.days()).singleElement().satisfies(d -> {
            assertThat(d.invocations()).isEqualTo(1);
            assertThat(d.billedMsSum()).isEqualTo(101);
            assertThat(d.maxMemoryUsedMb()).isEqualTo(140);
            assertThat(d.versions()).containsExactly("3");
        });
    }
}
