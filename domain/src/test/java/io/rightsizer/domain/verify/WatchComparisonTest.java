package io.rightsizer.domain.verify;

import io.rightsizer.domain.fold.WindowFigures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchComparisonTest {

    private final WatchComparison comparison = new WatchComparison(VerifySettings.DEFAULTS);

    /** A period's figures from its totals (duration in ms per invocation). */
    private static WindowFigures period(long invocations, long errors, long timeouts, long oom, double avgDurationMs) {
        return new WindowFigures(1, invocations, 300, 300, errors, timeouts, oom, invocations * 100,
                invocations * avgDurationMs, oom > 0, 512);
    }

    private static final WindowFigures WINDOW = period(14_000, 140, 14, 0, 100);

    @Test
    void anOutOfMemoryAfterADecreaseRollsBackEvenWithLittleTraffic() {
        Verification v = comparison.compare(WINDOW, period(5, 1, 0, 1, 100), 1024, 512);

        assertThat(v.verdict()).isEqualTo(Verdict.ROLLBACK);
        assertThat(v.reason()).startsWith("1 out-of-memory invocation at 512 MB since the change from 1024 MB");
    }

    @Test
    void anOutOfMemoryAfterAnIncreaseKeepsTheLargerSize() {
        Verification v = comparison.compare(WINDOW, period(1_000, 12, 1, 2, 100), 512, 768);

        assertThat(v.verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.reason()).contains("2 out-of-memory invocations remain, the next window raises the size again");
    }

    @Test
    void tooFewInvocationsSinceTheChangeKeepIt() {
        Verification v = comparison.compare(WINDOW, period(19, 10, 5, 0, 900), 1024, 512);

        assertThat(v.verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.reason()).contains("19 invocations since the change, fewer than the 20 needed");
    }

    @Test
    void aWatchPeriodWithoutTrafficKeepsTheChangeAndSaysSo() {
        WindowFigures none = WindowFigures.of(java.util.List.of());

        Verification v = comparison.compare(WINDOW, none, 1024, 512);

        assertThat(v.verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.reason()).startsWith("no invocations in the watch period").endsWith("keeping 512 MB");
    }

    @Test
    void aRiseOfTheErrorRateBeyondTwoPointsRollsBack() {
        assertThat(comparison.compare(WINDOW, period(1_000, 30, 1, 0, 100), 1024, 512).verdict())
                .isEqualTo(Verdict.KEEP);
        Verification v = comparison.compare(WINDOW, period(1_000, 31, 1, 0, 100), 1024, 512);

        assertThat(v.verdict()).isEqualTo(Verdict.ROLLBACK);
        assertThat(v.reason()).contains("error rate rose from 1.0% to 3.1%");
    }

    @Test
    void aRiseOfTheTimeoutRateBeyondHalfAPointRollsBack() {
        Verification v = comparison.compare(WINDOW, period(1_000, 10, 7, 0, 100), 1024, 512);

        assertThat(v.verdict()).isEqualTo(Verdict.ROLLBACK);
        assertThat(v.reason()).contains("timeout rate rose from 0.1% to 0.7%");
    }

    @Test
    void durationGrowingMoreThanAQuarterRollsBackLessDoesNot() {
        assertThat(comparison.compare(WINDOW, period(1_000, 10, 1, 0, 125), 1024, 512).verdict())
                .isEqualTo(Verdict.KEEP);
        Verification v = comparison.compare(WINDOW, period(1_000, 10, 1, 0, 126), 1024, 512);

        assertThat(v.verdict()).isEqualTo(Verdict.ROLLBACK);
        assertThat(v.reason()).contains("average duration grew from 100 ms to 126 ms")
                .endsWith("after the change from 1024 MB to 512 MB");
    }

    @Test
    void everyHarmIsNamedInTheReason() {
        Verification v = comparison.compare(WINDOW, period(1_000, 100, 50, 0, 300), 1024, 512);

        assertThat(v.reason()).contains("timeout rate", "error rate", "average duration");
    }

    @Test
    void settingsComeFromTheEnvironmentAndAreValidated() {
        VerifySettings s = VerifySettings.fromEnvironment(Map.of("VERIFY_MIN_INVOCATIONS", "50",
                "VERIFY_ERROR_RATE_POINTS", "5", "VERIFY_TIMEOUT_RATE_POINTS", "1", "VERIFY_DURATION_PERCENT", "40"));

        assertThat(s).isEqualTo(new VerifySettings(50, 5, 1, 40));
        assertThat(VerifySettings.fromEnvironment(Map.of())).isEqualTo(VerifySettings.DEFAULTS);
        assertThatThrownBy(() -> VerifySettings.fromEnvironment(Map.of("VERIFY_DURATION_PERCENT", "lots")))
                .hasMessageContaining("VERIFY_DURATION_PERCENT must be a number");
        assertThatThrownBy(() -> new VerifySettings(1, 101, 1, 1)).hasMessageContaining("errorRateIncreasePoints");
    }

    // ---- judging from the watched days themselves ----

    private static io.rightsizer.domain.usage.DailyUsage watched(java.util.Map<Integer, Integer> bySize, long oom) {
        int last = new java.util.TreeMap<>(bySize).lastKey();
        return new io.rightsizer.domain.usage.DailyUsage("fn", java.time.LocalDate.parse("2026-11-16"), 0, last, 300,
                oom, 0, oom, 30_000, 30_000, 1, null, new java.util.TreeMap<>(bySize), null);
    }

    @Test
    void watchedDaysThatNeverRanAtTheNewSizeAreNotInEffectAndNotJudged() {
        Verification v = comparison.judge(WINDOW, java.util.List.of(watched(Map.of(1024, 300), 0)), 1024, 512, 0);

        assertThat(v.verdict()).isEqualTo(Verdict.NOT_IN_EFFECT);
        assertThat(v.reason()).startsWith("the watched days' reports ran at 1024 MB, not at 512 MB");
    }

    @Test
    void aWatchedDayAtTwoSizesIsLeftOutAndTheReasonSaysSo() {
        Verification v = comparison.judge(WINDOW, java.util.List.of(watched(Map.of(512, 300), 0),
                watched(Map.of(512, 300, 2048, 900), 3)), 1024, 512, 0);

        assertThat(v.verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.watch().invocations()).isEqualTo(300);
        assertThat(v.reason()).endsWith("(1 watched day also ran at 2048 MB and is not judged)");
    }

    @Test
    void outOfMemoryAfterAnIncreaseRaisesAgainUntilTheBound() {
        java.util.List<io.rightsizer.domain.usage.DailyUsage> oomAt768 = java.util.List.of(watched(Map.of(768, 768), 3));

        assertThat(comparison.judge(WINDOW, oomAt768, 512, 768, 0).verdict()).isEqualTo(Verdict.RAISE);
        assertThat(comparison.judge(WINDOW, oomAt768, 512, 768, 1).reason())
                .isEqualTo("3 out-of-memory invocations at 768 MB since the increase from 512 MB: raising again now");
        assertThat(comparison.judge(WINDOW, oomAt768, 512, 768, WatchComparison.MAX_FURTHER_INCREASES).verdict())
                .isEqualTo(Verdict.KEEP);
    }

    @Test
    void outOfMemoryAfterADecreaseStillRollsBackFromTheWatchedDays() {
        Verification v = comparison.judge(WINDOW, java.util.List.of(watched(Map.of(512, 512), 1)), 1024, 512, 0);

        assertThat(v.verdict()).isEqualTo(Verdict.ROLLBACK);
    }
}
