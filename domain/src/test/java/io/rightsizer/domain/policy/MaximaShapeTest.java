package io.rightsizer.domain.policy;

import io.rightsizer.domain.fold.DailyPeak;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shape of the daily maxima: Theil–Sen growth, its Mann–Kendall significance, the typical day and the peak. */
class MaximaShapeTest {

    private static final LocalDate FIRST = LocalDate.parse("2026-11-02");
    private static final double Z95 = MaximaShape.criticalZ(95);

    private static List<DailyPeak> days(double... maxima) {
        List<DailyPeak> out = new ArrayList<>();
        for (int i = 0; i < maxima.length; i++) {
            out.add(new DailyPeak(FIRST.plusDays(i), (int) Math.round(maxima[i]), 4096, 100, 0));
        }
        return out;
    }

    @Test
    void steadyGrowthIsMeasuredAsARateAndFoundSignificant() {
        double[] maxima = new double[14];
        for (int i = 0; i < maxima.length; i++) {
            maxima[i] = 800 * Math.pow(1.02, i);
        }

        MaximaShape shape = MaximaShape.of(days(maxima), Z95);

        assertThat(shape.significant()).isTrue();
        assertThat(shape.dailyGrowth()).isCloseTo(0.02, within(0.0005));
        // Kendall's S of 14 rising days is 91; its standard deviation 18.3.
        assertThat(shape.mannKendallZ()).isCloseTo(4.93, within(0.01));
        assertThat(shape.typicalLastMb()).isCloseTo(maxima[13], within(1.0));
        assertThat(shape.projectedPeakMb(16)).isCloseTo(maxima[13] * Math.pow(1.02, 16), within(3.0));
    }

    @Test
    void oneOutlyingDayDoesNotTiltTheSlope() {
        MaximaShape shape = MaximaShape.of(days(500, 505, 510, 515, 520, 525, 530, 1500, 540, 545, 550, 555, 560, 565),
                Z95);

        assertThat(shape.significant()).isTrue();
        assertThat(shape.dailyGrowth()).isCloseTo(0.0093, within(0.001));
    }

    @Test
    void aFlatNoisyWindowHasNoTrendAndItsMedianIsTheTypicalDay() {
        MaximaShape shape = MaximaShape.of(days(500, 510, 495, 505, 498, 512, 503, 497, 508, 501, 494, 506, 499, 504),
                Z95);

        assertThat(shape.significant()).isFalse();
        assertThat(shape.dailyGrowth()).isZero();
        assertThat(shape.growthOver(16)).isEqualTo(1);
        assertThat(shape.typicalLastMb()).isCloseTo(502, within(1.0));
        assertThat(shape.peakMb()).isEqualTo(512);
    }

    @Test
    void aFallingWindowIsNeverProjectedDownwards() {
        MaximaShape shape = MaximaShape.of(days(900, 880, 860, 840, 820, 800, 780), Z95);

        assertThat(shape.logSlope()).isNegative();
        assertThat(shape.significant()).isFalse();
        assertThat(shape.projectedPeakMb(16)).isEqualTo(900);
    }

    @Test
    void tiedDaysLowerTheVarianceOfKendallsStatistic() {
        MaximaShape untied = MaximaShape.of(days(1, 2, 3, 4, 5), Z95);
        MaximaShape tied = MaximaShape.of(days(1, 1, 3, 3, 5), Z95);

        // S = 10, variance 300/18 without ties; with two pairs of ties S = 8 and the variance (300 - 2 × 18)/18.
        assertThat(untied.mannKendallZ()).isCloseTo(9 / Math.sqrt(300.0 / 18), within(1e-9));
        assertThat(tied.mannKendallZ()).isCloseTo(7 / Math.sqrt(264.0 / 18), within(1e-9));
    }

    @Test
    void daysAtTheMemoryLimitAndTheUndatedBucketAreNotReadAsAShape() {
        List<DailyPeak> peaks = new ArrayList<>(days(300, 310, 320));
        peaks.add(new DailyPeak(FIRST.plusDays(3), 512, 512, 100, 4));
        peaks.add(0, new DailyPeak(null, 305, 512, 100, 0));

        MaximaShape shape = MaximaShape.of(peaks, Z95);

        assertThat(shape.days()).isEqualTo(4);
        assertThat(shape.peakMb()).isEqualTo(320);
        assertThat(shape.significant()).isFalse();
    }

    @Test
    void theHighDaysCountHowOftenTheWindowSawItsPeaksKindOfDay() {
        assertThat(MaximaShape.of(days(100, 100, 240, 100, 100, 100, 100), Z95).highDays()).isEqualTo(1);
        assertThat(MaximaShape.of(days(100, 230, 100, 100, 100, 100, 100, 100, 240, 100), Z95).highDays())
                .isEqualTo(2);
    }

    @Test
    void theCriticalValueIsTheOneSidedNormalQuantile() {
        assertThat(MaximaShape.criticalZ(95)).isCloseTo(1.645, within(0.001));
        assertThat(MaximaShape.criticalZ(99)).isCloseTo(2.326, within(0.001));
        assertThat(MaximaShape.criticalZ(50)).isCloseTo(0, within(0.001));
    }
}
