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
}
