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

    /** The seed rule and a flat peak guard alone (no spike headroom): to show one mechanism at a time. */
    private static PolicySettings seedAndPeak(int seedHeadroomMb, int peakHeadroomPercent) {
        return new PolicySettings(seedHeadroomMb, peakHeadroomPercent, 10240, 64, 10, 3, 100, 50, 100, 16, 95, 0);
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
            Decision d = with(seedAndPeak(100, 10)).decide(days(1024, 100, 200, 220, 240));

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.seedMb()).isEqualTo(320);
            assertThat(d.floorMb()).isEqualTo(264);
            assertThat(d.recommendedMemoryMb()).isEqualTo(320);
        }

        @Test
        void theRecommendationIsNeverBelowThePeakPlusItsHeadroom() {
            // Average 220 MB (seed 245 MB) but the 240 MB peak needs 5% and 60% of its 20 MB rise: 252 + 12 MB.
            Decision d = policy.decide(days(1024, 100, 200, 220, 240));

            assertThat(d.seedMb()).isEqualTo(245);
            assertThat(d.floorMb()).isEqualTo(264);
            assertThat(d.recommendedMemoryMb()).isEqualTo(264);
            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
        }

        @Test
        void aSpikeDayLiftsTheRecommendationByAShareOfItsRise() {
            // One spiky day: average 200 MB but a 400 MB peak, 300 MB above the median day: 420 + 180 MB.
            Decision d = policy.decide(days(1024, 100, 100, 100, 400));

            assertThat(d.seedMb()).isEqualTo(225);
            assertThat(d.floorMb()).isEqualTo(600);
            assertThat(d.recommendedMemoryMb()).isEqualTo(600);
        }

        @Test
        void thePeakHeadroomIsExactIntegerArithmetic() {
            // 100 MB + 10% is 110 MB, not 111 MB (1.1 is not exact in binary floating point).
            PolicySettings noSeedHeadroom = new PolicySettings(0, 10, 10240, 0, 0, 3, 100, 50, 100, 16, 95, 60);

            Decision d = with(noSeedHeadroom).decide(days(1024, 100, 100, 100, 100));

            assertThat(d.floorMb()).isEqualTo(110);
            assertThat(d.recommendedMemoryMb()).isEqualTo(128);
            assertThat(d.reason()).contains("peak 100 MB + 10% = 110 MB");
        }

        @Test
        void theSeedHeadroomAndPeakHeadroomAreSettings() {
            PolicySettings wide = new PolicySettings(300, 50, 10240, 64, 10, 3, 100, 50, 100, 16, 95, 25);

            Decision d = with(wide).decide(days(2048, 100, 200, 200, 400));

            assertThat(d.seedMb()).isEqualTo(567); // ceil(266.7) + 300
            assertThat(d.floorMb()).isEqualTo(650); // 400 + 50% + 25% of 200
            assertThat(d.recommendedMemoryMb()).isEqualTo(650);
        }

        @Test
        void aWellUsedFunctionBelowItsFloorIsIncreased() {
            // 1000 MB peaks on 1024 MB: not at the limit yet, but under 5% headroom (1050 MB), + 60% of 50 MB.
            Decision d = policy.decide(days(1024, 100, 900, 950, 1000));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(1080);
            assertThat(d.reason()).endsWith(": raise 1024 MB to 1080 MB");
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
            assertThat(d.reason()).isEqualTo("1 out-of-memory invocation (0.3% of 300, on 1 of 3 days): under-provisioned,"
                    + " raise 512 MB by 50% (50% + 0.3% of 50 points): 768 MB, never lower");
        }

        @Test
        void anOutOfMemoryWindowNeverDecreasesEvenWhenTheSeedIsFarBelow() {
            List<DailyUsage> window = new ArrayList<>(days(2048, 100, 300, 300));
            window.add(oomDay(2048, 2, 300, 2));

            Decision d = policy.decide(window);

            assertThat(d.seedMb()).isEqualTo(325);
            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(3072);
            assertThat(d.reason()).startsWith("2 out-of-memory invocations");
        }

        @Test
        void aPeakEqualToTheConfiguredSizeIncreases() {
            Decision d = policy.decide(days(512, 100, 300, 300, 512));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(768);
            assertThat(d.reason()).startsWith("peak memory reached the configured size (on 1 of 3 days): under-provisioned,"
                    + " raise 512 MB by 50%");
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
            assertThat(d.reason()).isEqualTo("1 out-of-memory invocation (0.3% of 300, on 1 of 3 days)"
                    + " but 10240 MB is already the upper limit (10240 MB)");
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

            assertThat(d.seedMb()).isEqualTo(35);
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
            Decision d = policy.decide(days(512, 100, 455, 455, 455));

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.recommendedMemoryMb()).isEqualTo(512);
            assertThat(d.reason()).endsWith(": 480 MB is within 64 MB of the current 512 MB");
        }

        @Test
        void aChangeSmallerThanTheMinimumPercentageKeeps() {
            // seed 1825 MB, guard 1890 MB: 158 MB below 2048 MB is over 64 MB but under 10% (205 MB).
            Decision d = policy.decide(days(2048, 100, 1800, 1800, 1800));

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.reason()).endsWith(": 1890 MB is within 205 MB of the current 2048 MB");
        }

        @Test
        void aChangeAtTheThresholdIsMade() {
            // seed 448 MB: exactly 64 MB below 512 MB.
            Decision d = policy.decide(days(512, 100, 423, 423, 423));

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.recommendedMemoryMb()).isEqualTo(448);
        }
    }

    @Nested
    class ReasonsAndFigures {

        @Test
        void aDecreaseExplainsEveryFigure() {
            Decision d = policy.decide(days(1024, 100, 200, 220, 240));

            assertThat(d.reason()).isEqualTo("average daily max 220 MB + 25 MB = 245 MB, peak 240 MB + 5% + 60% of its"
                    + " 20 MB above the median day (220 MB) = 12 MB = 264 MB: lower 1024 MB to 264 MB");
        }

        @Test
        void aFractionalAverageIsShownWithOneDecimal() {
            Decision d = policy.decide(days(1024, 100, 200, 200, 201));

            assertThat(d.reason()).startsWith("average daily max 200.3 MB + 25 MB = 226 MB");
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
            assertThat(d.cost().recommended()).isEqualTo(X86.monthlyUsd(d.figures(), 264));
            assertThat(d.figures().days()).isEqualTo(3);
            assertThat(d.figures().invocations()).isEqualTo(300);
            assertThat(d.figures().peakMemoryUsedMb()).isEqualTo(240);
        }

        @Test
        void aKeepCostsTheSameBeforeAndAfter() {
            Decision d = policy.decide(days(512, 100, 455, 455, 455));

            assertThat(d.cost().savings()).isZero();
        }
    }

    /** One day per maximum with every invocation out of memory at {@code sizeMb}. */
    private static List<DailyUsage> everyInvocationOutOfMemory(int sizeMb, int days, long invocationsPerDay) {
        List<DailyUsage> out = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            out.add(new DailyUsage("orders", FIRST_DAY.plusDays(i), sizeMb, sizeMb, invocationsPerDay,
                    invocationsPerDay, 0, invocationsPerDay, invocationsPerDay * 100, invocationsPerDay * 90.0, 0, null));
        }
        return out;
    }

    /** Daily maxima growing by {@code percentPerDay} from {@code firstMb}, rounded to whole MB. */
    private static int[] growing(int firstMb, double percentPerDay, int days) {
        int[] maxima = new int[days];
        for (int i = 0; i < days; i++) {
            maxima[i] = (int) Math.round(firstMb * Math.pow(1 + percentPerDay / 100, i));
        }
        return maxima;
    }

    @Nested
    class GrowingFunctions {

        @Test
        void aSteadilyGrowingFunctionIsSizedForTheEndOfTheNextWindowAndItsWatch() {
            // 500 MB growing 2% a day: 647 MB on day 14, 888 MB 16 days later, + 5%.
            Decision d = policy.decide(days(2048, 1000, growing(500, 2, 14)));

            assertThat(d.kind()).isEqualTo(DecisionKind.DECREASE);
            assertThat(d.recommendedMemoryMb()).as(d.reason()).isGreaterThanOrEqualTo(888 * 105 / 100);
            assertThat(d.reason()).contains("grow 2.0% a day");
        }

        @Test
        void aGrowingFunctionWhoseSizeWillBeTooSmallIsRaisedBeforeItRunsOutOfMemory() {
            Decision d = policy.decide(days(700, 1000, growing(500, 2, 14)));

            assertThat(d.kind()).as(d.reason()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).isGreaterThanOrEqualTo(888);
        }

        @Test
        void dayToDayNoiseWithoutATrendIsNotProjected() {
            Decision d = policy.decide(days(2048, 1000, 500, 510, 495, 505, 498, 512, 503, 497, 508, 501, 494, 506,
                    499, 504));

            assertThat(d.reason()).doesNotContain("grow");
            assertThat(d.recommendedMemoryMb()).isLessThan(650);
        }
    }

    @Nested
    class StepsThatGrowWithTheEvidence {

        @Test
        void whenEveryInvocationRanOutOfMemoryTheNeedIsUnknownAndTheSizeDoubles() {
            Decision d = policy.decide(everyInvocationOutOfMemory(512, 14, 200));

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).as(d.reason()).isEqualTo(1024);
        }

        @Test
        void aRareOutOfMemoryInvocationRaisesByTheMinimumStep() {
            List<DailyUsage> window = new ArrayList<>(days(512, 1000, 400, 410, 405, 402, 398, 401, 404, 399, 403,
                    400, 402, 406, 401));
            window.add(oomDay(512, 13, 512, 1));

            Decision d = policy.decide(window);

            assertThat(d.recommendedMemoryMb()).as(d.reason()).isEqualTo(768);
        }

        @Test
        void afterAnIncreaseThatWasNotEnoughTheNextStepIsAtLeastTwiceAsLarge() {
            ChangeHistory raised = new ChangeHistory(List.of(),
                    new LastIncrease(512, 768, java.time.Instant.parse("2026-11-01T00:05:00Z")));
            List<DailyUsage> watch = List.of(oomDay(768, 0, 768, 3));

            Decision d = policy.underProvisioned(WindowFigures.of(watch), 768, raised);

            assertThat(d.kind()).isEqualTo(DecisionKind.INCREASE);
            assertThat(d.recommendedMemoryMb()).as(d.reason()).isEqualTo(1536);
            assertThat(d.reason()).contains("512 MB to 768 MB", "was not enough");
        }

        @Test
        void theOutOfMemoryStepGrowsWithTheShareOfInvocationsThatRanOutOfMemory() {
            List<DailyUsage> window = new ArrayList<>(days(1000, 100, 900, 900));
            window.add(new DailyUsage("orders", FIRST_DAY.plusDays(2), 1000, 1000, 100, 40, 0, 40, 10_000, 9_000, 0,
                    null));

            Decision d = policy.decide(window);

            // 40 of 300 invocations (13%): 50% + 13% of 50 points = 57%.
            assertThat(d.recommendedMemoryMb()).as(d.reason()).isEqualTo(1570);
            assertThat(d.reason()).contains("40 out-of-memory invocations (13% of 300, on 1 of 3 days)",
                    "by 57% (50% + 13% of 50 points)");
        }

        @Test
        void anIncreaseThatWasEnoughIsNoReasonForALargerStep() {
            ChangeHistory raised = new ChangeHistory(List.of(),
                    new LastIncrease(512, 768, java.time.Instant.parse("2026-11-01T00:05:00Z")));

            Decision d = policy.underProvisioned(WindowFigures.of(days(768, 100, 500, 510, 505)), 768, raised);

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.reason()).contains("nothing to raise");
        }

        @Test
        void anEarlierIncreaseToAnotherSizeDoesNotCount() {
            ChangeHistory raised = new ChangeHistory(List.of(),
                    new LastIncrease(256, 384, java.time.Instant.parse("2026-10-01T00:05:00Z")));

            Decision d = policy.underProvisioned(WindowFigures.of(List.of(oomDay(512, 0, 512, 1))), 512, raised);

            // 1 of 100 invocations: 50% + 1% of 50 points, rounded: 51%.
            assertThat(d.recommendedMemoryMb()).isEqualTo(774);
            assertThat(d.reason()).doesNotContain("last increase");
        }

        @Test
        void outOfMemoryIsEvidenceEnoughHoweverFewTheDays() {
            Decision d = policy.decide(List.of(oomDay(512, 0, 512, 2)));

            assertThat(d.kind()).as(d.reason()).isEqualTo(DecisionKind.INCREASE);
        }
    }

    @Nested
    class RecurringSpikes {

        @Test
        void aSpikeSeenOnceIsSizedForALargerOneNext() {
            // Thirteen quiet days at 100 MB and one spike at 238 MB: the next spike may well be 30% larger.
            Decision d = policy.decide(days(1024, 1000, 100, 101, 99, 238, 100, 99, 100, 101, 100, 99, 100, 101,
                    100, 99));

            assertThat(d.recommendedMemoryMb()).as(d.reason()).isGreaterThanOrEqualTo(310);
            assertThat(d.reason()).contains("above the median day");
        }

        @Test
        void aSpikeThatMayComeLargerNeverRaisesAFunctionThatDidNotRunOutOfMemory() {
            Decision d = policy.decide(days(512, 1000, 200, 205, 198, 440, 201, 199, 203));

            assertThat(d.kind()).isEqualTo(DecisionKind.KEEP);
            assertThat(d.reason()).endsWith("only the spike headroom asks for more than the current 512 MB, which never"
                    + " ran out of memory; keeping it");
        }

        @Test
        void theWeeklyBatchKeepsHeadroomAboveItsPeak() {
            Decision d = policy.decide(days(2048, 1000, 590, 608, 589, 1044, 595, 586, 584, 593, 590, 596, 955, 592,
                    584, 589));

            assertThat(d.recommendedMemoryMb()).as(d.reason()).isGreaterThanOrEqualTo(1200);
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
