package io.rightsizer.domain.fold;

import io.rightsizer.domain.usage.DailyUsage;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class WindowFiguresTest {

    private static DailyUsage day(String day, int max, long invocations) {
        return new DailyUsage("orders", LocalDate.parse(day), max, 512, invocations, 0, 0, 0, invocations * 10,
                invocations * 9.5, 0, null, new TreeMap<>(Map.of(512, max)), null);
    }

    @Test
    void aDayWithAStoredMaximumCountsEvenWhereItsInvocationsAreNotKnownThere() {
        // The deployed store keeps maxima, the platform's metrics the invocations: a day whose metrics are missing
        // must not drop its peak from the window, or a window could be sized below what it used.
        WindowFigures f = WindowFigures.of(List.of(day("2026-11-02", 300, 40), day("2026-11-03", 480, 0)));

        assertThat(f.days()).isEqualTo(2);
        assertThat(f.peakMemoryUsedMb()).isEqualTo(480);
        assertThat(f.averageDailyMaxMb()).isEqualTo(390.0);
        assertThat(f.invocations()).isEqualTo(40);
    }

    @Test
    void aDayWithNeitherAMaximumNorInvocationsIsNoDay() {
        DailyUsage empty = new DailyUsage("orders", LocalDate.parse("2026-11-04"), 0, 0, 0, 0, 0, 0, 0, 0, 0, null);

        assertThat(WindowFigures.of(List.of(day("2026-11-02", 300, 40), empty)).days()).isEqualTo(1);
    }

    private static DailyUsage day(LocalDate day, int max, long invocations, long oom) {
        return new DailyUsage("fn", day, max, 512, invocations, oom, 0, oom, invocations * 10, invocations * 9.0, 0,
                null);
    }

    @Test
    void theDaysShapeIsKeptOldestFirstWithTheUndatedBucketFirst() {
        LocalDate first = LocalDate.parse("2026-11-02");

        WindowFigures f = WindowFigures.of(List.of(day(first.plusDays(2), 300, 10, 0), day(null, 250, 10, 0),
                day(first, 310, 10, 0), day(first.plusDays(1), 0, 0, 0)));

        assertThat(f.dailyPeaks()).extracting(DailyPeak::day).containsExactly(null, first, first.plusDays(2));
        assertThat(f.dailyPeaks()).extracting(DailyPeak::maxMemoryUsedMb).containsExactly(250, 310, 300);
    }

    @Test
    void theOutOfMemoryShareAndTheDaysAtTheLimitAreCounted() {
        LocalDate first = LocalDate.parse("2026-11-02");

        WindowFigures f = WindowFigures.of(List.of(day(first, 300, 100, 0), day(first.plusDays(1), 512, 100, 25),
                day(first.plusDays(2), 512, 100, 0)));

        assertThat(f.outOfMemoryShare()).isEqualTo(25 / 300.0);
        assertThat(f.daysAtMemoryLimit()).isEqualTo(2);
    }

    @Test
    void figuresFromSumsAloneHaveNoShape() {
        assertThat(new WindowFigures(1, 10, 300, 300, 0, 0, 0, 100, 90, false, 512).dailyPeaks()).isEmpty();
    }
}
