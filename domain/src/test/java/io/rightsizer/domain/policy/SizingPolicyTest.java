package io.rightsizer.domain.policy;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.fold.WindowFigures;
import io.rightsizer.domain.usage.DailyUsage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sizing policy, one guard at a time, with the default settings unless a test says otherwise. */
class SizingPolicyTest {

    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-01");
    private static final CostModel X86 = new CostModel(Architecture.X86_64);
    private final SizingPolicy policy = new SizingPolicy(PolicySettings.DEFAULTS, X86);

    /** One day per maximum, each with {@code invocationsPerDay} invocations at {@code sizeMb}. */
    private static List<DailyUsage> days(int sizeMb, long invocationsPerDay, int... dailyMaxima) {
        List<DailyUsage> out = new ArrayList<>();
        for (int i = 0; i < dailyMaxima.length; i++) {
            out.add(new DailyUsage("orders", FIRST_DAY.plusDays(i), dailyMaxima[i], sizeMb, invocationsPerDay, 0, 0,
                    0, invocationsPerDay * 100, invocationsPerDay * 95.0, 1, null));
        }
        return out;
    }

    private static DailyUsage oomDay(int sizeMb, int dayIndex, int maxUsed, long outOfMemory) {
        return new DailyUsage("orders", FIRST_DAY.plusDays(dayIndex), maxUsed, sizeMb, 100, outOfMemory, 0,
                outOfMemory, 10_000, 9_000, 0, null);
    }

    private static SizingPolicy with(PolicySettings settings) {
        return new SizingPolicy(settings, X86);
    }

    @Nested
    class TooLittleData {

        @Test
        void anEmptyWindowIsInsufficientData() {
            Decision d = policy.decide(List.of(), 512);

            assertThat(d.kind()).isEqualTo(DecisionKind.INSUFFICIENT_DATA);
            assertThat(d.recommendedMemoryMb()).isEqualTo(512);
            assertThat(d.reason()).isEqualTo("no invocations in the window");
        }

        @Test
        void fewerDaysThanTheMinimumIsInsufficientDataWhateverTheFigures() {
            Decision d = policy.decide(days(3008, 5_000, 100, 120));

            assertThat(d.kind()).isEqualTo(DecisionKind.INSUFFICIENT_DATA);
            assertThat(d.recommendedMemoryMb()).isEqualTo(3008);
            assertThat(d.reason()).isEqualTo("2 days with data; the policy needs at least 3");
        }

        @Test
        void fewerInvocationsThanTheMinimumIsInsufficientData() {
            Decision d = policy.decide(days(3008, 33, 100, 120, 110));

            assertThat(d.kind()).isEqualTo(DecisionKind.INSUFFICIENT_DATA);
            assertThat(d.reason()).isEqualTo("99 invocations in the window; the policy needs at least 100");
        }

        @Test
        void theMinimumsAreSettings() {
            PolicySettings lenient = new PolicySettings(100, 10, 10240, 64, 10, 1, 1, 50);

            Decision d = with(lenient).decide(days(3008, 1, 100));

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
        }

        @Test
        void theUndatedBucketCountsAsOneDay() {
            List<DailyUsage> window = new ArrayList<>(days(1024, 100, 200, 200));
            window.add(new DailyUsage("orders", null, 200, 1024, 100, 0, 0, 0, 10_000, 9_000, 0, null));

            assertThat(policy.decide(window).kind()).isEqualTo(DecisionKind.DECREASE);
        }
    }

    @Nested
    class SeedRuleAndPeakGuard {

        @Test
        void theSeedIsTheAverageOfTheDailyMaximaPlusTheSeedHeadroom() {
            Decision d = policy.decide(days(1024, 100, 200, 220, 240));

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.seedMb()).isEqualTo(320);
            assertThat(d.floorMb()).isEqualTo(264);
            assertThat(d.recommendedMemoryMb()).isEqualTo(320);
        }

        @Test
        void theRecommendationIsNeverBelowThePeakPlusItsHeadroom() {
            // One spiky day: average 200 MB (seed 300 MB) but a 400 MB peak needs 440 MB.
            Decision d = policy.decide(days(1024, 100, 100, 100, 400));

            assertThat(d.seedMb()).isEqualTo(300);
            assertThat(d.floorMb()).isEqualTo(440);
            assertThat(d.recommendedMemoryMb()).isEqualTo(440);
            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
        }

        @Test
        void thePeakHeadroomIsExactIntegerArithmetic() {
            // 100 MB + 10% is 110 MB, not 111 MB (1.1 is not exact in binary floating point).
            PolicySettings noSeedHeadroom = new PolicySettings(0, 10, 10240, 0, 0, 3, 100, 50);

            Decision d = with(noSeedHeadroom).decide(days(1024, 100, 100, 100, 100));

            assertThat(d.floorMb()).isEqualTo(110);
            assertThat(d.recommendedMemoryMb()).isEqualTo(128);
            assertThat(d.reason()).contains("peak 100 MB + 10% = 110 MB");
        }

        @Test
        void theSeedHeadroomAndPeakHeadroomAreSettings() {
            PolicySettings wide = new PolicySettings(300, 50, 10240, 64, 10, 3, 100, 50);

            Decision d = with(wide).decide(days(2048, 100, 200, 200, 400));

            assertThat(d.seedMb()).isEqualTo(567); // ceil(266.7) + 300
            assertThat(d.floorMb()).isEqualTo(600);
            assertThat(d.recommendedMemoryMb()).isEqualTo(600);
        }

        @Test
        void aWellUsedFunctionBelowItsFloorIsIncreased() {
            // 900 MB peaks on 1024 MB: not at the limit yet, but under 10% headroom.
            Decision d = policy.decide(days(1024, 100, 900, 950, 1000));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(1100);
            assertThat(d.reason()).endsWith(": raise 1024 MB to 1100 MB");
        }
    }

    @Nested
    class UnderProvisioned {

        @Test
        void anOutOfMemoryInvocationIncreasesByAtLeastTheOomPercentage() {
            List<DailyUsage> window = new ArrayList<>(days(512, 100, 200, 200));
            window.add(oomDay(512, 2, 512, 1));

            Decision d = policy.decide(window);

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(768);
            assertThat(d.reason()).startsWith("1 out-of-memory invocation: under-provisioned, raise 512 MB to 768 MB");
        }

        @Test
        void anOutOfMemoryWindowNeverDecreasesEvenWhenTheSeedIsFarBelow() {
            List<DailyUsage> window = new ArrayList<>(days(2048, 100, 300, 300));
            window.add(oomDay(2048, 2, 300, 2));

            Decision d = policy.decide(window);

            assertThat(d.seedMb()).isEqualTo(400);
            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(3072);
            assertThat(d.reason()).startsWith("2 out-of-memory invocations");
        }

        @Test
        void aPeakEqualToTheConfiguredSizeIncreases() {
            Decision d = policy.decide(days(512, 100, 300, 300, 512));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(768);
            assertThat(d.reason()).startsWith("peak memory reached the configured size: under-provisioned");
        }

        @Test
        void theIncreaseTakesThePeakFloorWhenItIsLargerThanTheOomStep() {
            PolicySettings smallStep = new PolicySettings(100, 10, 10240, 64, 10, 3, 100, 10);

            Decision d = with(smallStep).decide(days(512, 100, 512, 512, 512));

            assertThat(d.floorMb()).isEqualTo(564); // ceil(563.2)
            assertThat(d.recommendedMemoryMb()).isEqualTo(612); // seed 612 > floor 564 > 512 + 10%
        }

        @Test
        void theMinimumChangeThresholdDoesNotHoldBackAnIncreaseForAFunctionAtItsLimit() {
            PolicySettings tinyStep = new PolicySettings(0, 0, 10240, 1024, 50, 3, 100, 1);

            Decision d = with(tinyStep).decide(days(1024, 100, 1024, 1024, 1024));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(1035); // 1024 + 1% rounded up
        }

        @Test
        void atTheLambdaUpperLimitItKeeps() {
            List<DailyUsage> window = new ArrayList<>(days(10240, 100, 9000, 9000));
            window.add(oomDay(10240, 2, 10240, 1));

            Decision d = policy.decide(window);

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.recommendedMemoryMb()).isEqualTo(10240);
            assertThat(d.reason()).isEqualTo(
                    "1 out-of-memory invocation but 10240 MB is already the upper limit (10240 MB)");
        }

        @Test
        void atAConfiguredUpperLimitItKeeps() {
            PolicySettings capped = new PolicySettings(100, 10, 3008, 64, 10, 3, 100, 50);

            Decision d = with(capped).decide(days(3008, 100, 3008, 2000, 2000));

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.reason()).contains("3008 MB is already the upper limit (3008 MB)");
        }

        @Test
        void theIncreaseIsClampedToTheConfiguredUpperLimit() {
            PolicySettings capped = new PolicySettings(100, 10, 1280, 64, 10, 3, 100, 50);
            List<DailyUsage> window = new ArrayList<>(days(1024, 100, 600, 600));
            window.add(oomDay(1024, 2, 1024, 1));

            Decision d = with(capped).decide(window);

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(1280);
        }
    }

    @Nested
    class Clamps {

        @Test
        void aTinyFunctionIsClampedUpToLambdasMinimum() {
            Decision d = policy.decide(days(512, 100, 10, 10, 10));

            assertThat(d.seedMb()).isEqualTo(110);
            assertThat(d.recommendedMemoryMb()).isEqualTo(128);
            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.reason()).contains("clamped to 128 MB");
        }

        @Test
        void anIncreaseIsClampedToTheConfiguredMaximum() {
            PolicySettings capped = new PolicySettings(100, 10, 1050, 0, 0, 3, 100, 50);

            Decision d = with(capped).decide(days(1024, 100, 1000, 1000, 1000));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(1050);
            assertThat(d.reason()).contains("clamped to 1050 MB");
        }
    }

    @Nested
    class MinimumChange {

        @Test
        void aChangeSmallerThanTheMinimumMegabytesKeeps() {
            // seed 480 MB, 32 MB below 512 MB, under the 64 MB minimum.
            Decision d = policy.decide(days(512, 100, 380, 380, 380));

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.recommendedMemoryMb()).isEqualTo(512);
            assertThat(d.reason()).endsWith(": 480 MB is within 64 MB of the current 512 MB");
        }

        @Test
        void aChangeSmallerThanTheMinimumPercentageKeeps() {
            // seed 1900 MB, floor 1980 MB: 68 MB below 2048 MB is over 64 MB but under 10% (205 MB).
            Decision d = policy.decide(days(2048, 100, 1800, 1800, 1800));

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.reason()).endsWith(": 1980 MB is within 205 MB of the current 2048 MB");
        }

        @Test
        void aChangeAtTheThresholdIsMade() {
            // seed 448 MB: exactly 64 MB below 512 MB.
            Decision d = policy.decide(days(512, 100, 348, 348, 348));

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(448);
        }
    }

    @Nested
    class ReasonsAndFigures {

        @Test
        void aDecreaseExplainsEveryFigure() {
            Decision d = policy.decide(days(1024, 100, 200, 220, 240));

            assertThat(d.reason()).isEqualTo("average daily max 220 MB + 100 MB = 320 MB, peak 240 MB + 10% = 264 MB:"
                    + " lower 1024 MB to 320 MB");
        }

        @Test
        void aFractionalAverageIsShownWithOneDecimal() {
            Decision d = policy.decide(days(1024, 100, 200, 200, 201));

            assertThat(d.reason()).startsWith("average daily max 200.3 MB + 100 MB = 301 MB");
        }

        @Test
        void theCurrentSizeIsTheLatestDaysUnlessGiven() {
            List<DailyUsage> window = new ArrayList<>(days(2048, 100, 200, 200));
            window.add(0, new DailyUsage("orders", FIRST_DAY.plusDays(5), 200, 1024, 100, 0, 0, 0, 1, 1, 0, null));

            assertThat(policy.decide(window).currentMemoryMb()).isEqualTo(1024);
            assertThat(policy.decide(window, 4096).currentMemoryMb()).isEqualTo(4096);
        }

        @Test
        void everyDecisionCarriesTheMonthlyCostNowAndAfter() {
            Decision d = policy.decide(days(1024, 100, 200, 220, 240));

            assertThat(d.cost().current()).isGreaterThan(d.cost().recommended());
            assertThat(d.cost().recommended()).isEqualTo(X86.monthlyUsd(d.figures(), 320));
            assertThat(d.figures().days()).isEqualTo(3);
            assertThat(d.figures().invocations()).isEqualTo(300);
            assertThat(d.figures().peakMemoryUsedMb()).isEqualTo(240);
        }

        @Test
        void aKeepCostsTheSameBeforeAndAfter() {
            Decision d = policy.decide(days(512, 100, 380, 380, 380));

            assertThat(d.cost().savings()).isZero();
        }
    }

    @Nested
    class SizesThatFailedBefore {

        private final ChangeHistory rolledBack512 = new ChangeHistory(List.of(
                new RolledBackSize(512, java.time.Instant.parse("2026-10-20T00:11:00Z"))));

        @Test
        void aDecreaseNeverGoesToOrBelowASizeThatWasRolledBackButStopsOneStepAbove() {
            Decision d = policy.decide(WindowFigures.of(days(2048, 100, 300, 310, 320)), 2048, rolledBack512);

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(576);
            assertThat(d.reason()).contains("at or below 512 MB, which was rolled back on 2026-10-20",
                    "lower 2048 MB to 576 MB only");
        }

        @Test
        void whenOneStepAboveTheFailedSizeIsNoWorthwhileDecreaseTheSizeIsKept() {
            Decision d = policy.decide(WindowFigures.of(days(600, 100, 300, 310, 320)), 600, rolledBack512);

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.recommendedMemoryMb()).isEqualTo(600);
            assertThat(d.reason()).contains("rolled back on 2026-10-20", "keeping 600 MB");
        }

        @Test
        void aDecreaseThatStaysAboveTheFailedSizeIsUntouchedByIt() {
            Decision d = policy.decide(WindowFigures.of(days(4096, 100, 900, 910, 920)), 4096, rolledBack512);

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.reason()).doesNotContain("rolled back");
        }
    }
}
