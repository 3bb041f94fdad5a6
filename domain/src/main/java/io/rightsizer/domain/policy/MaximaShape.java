package io.rightsizer.domain.policy;

import io.rightsizer.domain.fold.DailyPeak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of a window's daily maxima the policy sizes from: a robust growth rate (the Theil–Sen slope of their
 * logarithm, kept only when the Mann–Kendall test finds the rise significant), the typical day on that trend, and the
 * window's highest day.
 *
 * <p>Only days whose peak was measured count: a day that ran out of memory or peaked at its size says "at least",
 * not "this much". The undated bucket has no place in time: with it, the window has no trend.
 *
 * @param days           the days read
 * @param logSlope       the Theil–Sen slope of ln(daily max) per day, whatever its significance
 * @param mannKendallZ   the Mann–Kendall statistic of the daily maxima (normal approximation, ties corrected)
 * @param significant    whether the rise is significant at the policy's confidence and upward
 * @param typicalLastMb  the typical daily max on the last day: on the trend where it is significant, otherwise the
 *                       median daily max
 * @param peakMb         the highest of the days' maxima
 * @param peakDaysBeforeLast how many days before the last one the highest day was (0 when undated)
 * @param highDays       days whose maximum (on the trend) sits in the upper half between the typical day and the
 *                       highest one, the highest included: how often the window saw its peak's kind of day
 */
public record MaximaShape(int days, double logSlope, double mannKendallZ, boolean significant, double typicalLastMb,
                          int peakMb, int peakDaysBeforeLast, int highDays) {

    /** No measured day. */
    static final MaximaShape EMPTY = new MaximaShape(0, 0, 0, false, 0, 0, 0, 0);


    /** Reads the shape of {@code peaks} (oldest first), with a rise significant above {@code criticalZ}. */
    public static MaximaShape of(List<DailyPeak> peaks, double criticalZ) {
        List<DailyPeak> measured = new ArrayList<>();
        boolean undated = false;
        for (DailyPeak p : peaks) {
            if (!p.atMemoryLimit() && p.invocations() > 0) {
                measured.add(p);
                undated |= p.day() == null;
            }
        }
        int n = measured.size();
        if (n == 0) {
            return EMPTY;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int peak = 0;
        int peakAt = 0;
        for (int i = 0; i < n; i++) {
            DailyPeak p = measured.get(i);
            x[i] = p.day() == null ? 0 : p.day().toEpochDay();
            y[i] = Math.log(Math.max(1, p.maxMemoryUsedMb()));
            if (p.maxMemoryUsedMb() >= peak) {
                peak = p.maxMemoryUsedMb();
                peakAt = i;
            }
        }
        double lastX = x[n - 1];
        int peakBefore = undated ? 0 : (int) (lastX - x[peakAt]);
        if (undated || n < 3) {
            return new MaximaShape(n, 0, 0, false, expMedian(y, n), peak, peakBefore, highDays(y, expMedian(y, n)));
        }

        double slope = theilSen(x, y);
        double z = mannKendallZ(x, y);
        boolean significant = slope > 0 && z > criticalZ;
        double used = significant ? slope : 0;
        double[] levels = new double[n];
        for (int i = 0; i < n; i++) {
            levels[i] = y[i] - used * (x[i] - lastX);
        }
        double typical = expMedian(levels, n);
        return new MaximaShape(n, slope, z, significant, typical, peak, peakBefore, highDays(levels, typical));
    }

    /** Days (as logarithms of their maxima, on the trend) at or above halfway from the typical day to the highest. */
    private static int highDays(double[] logs, double typical) {
        double top = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            top = Math.max(top, l);
        }
        double halfway = (typical + Math.exp(top)) / 2;
        int k = 0;
        for (double l : logs) {
            if (Math.exp(l) >= halfway) {
                k++;
            }
        }
        return Math.max(1, k);
    }

    /** Growth per day as a share (0.02 is 2% a day) when significant, otherwise 0. */
    public double dailyGrowth() {
        return significant ? Math.expm1(logSlope) : 0;
    }

    /** The factor the trend multiplies a level by over {@code days} days (1 without a significant trend). */
    public double growthOver(int days) {
        return significant ? Math.exp(logSlope * days) : 1;
    }

    /** The typical daily max {@code days} days after the last one. */
    public double typicalMb(int daysAfterLast) {
        return typicalLastMb * growthOver(daysAfterLast);
    }

    /** The highest day carried along the trend to {@code days} days after the last one. */
    public double projectedPeakMb(int daysAfterLast) {
        return peakMb * growthOver(daysAfterLast + peakDaysBeforeLast);
    }

    /** The median of the pairwise slopes: a single outlying day cannot tilt it (it breaks down only at 29%). */
    private static double theilSen(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        return k == 0 ? 0 : median(slopes, k);
    }

    /**
     * Kendall's S of the series against time, standardised: the test makes no assumption on the distribution of the
     * maxima, which spikes make far from normal.
     */
    private static double mannKendallZ(double[] x, double[] y) {
        int n = x.length;
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Long.signum(Double.compare(y[j], y[i])) * Long.signum(Double.compare(x[j], x[i]));
            }
        }
        double variance = n * (n - 1.0) * (2 * n + 5);
        double[] sorted = Arrays.copyOf(y, n);
        Arrays.sort(sorted);
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            long t = j - i;
            variance -= t * (t - 1) * (2 * t + 5);
            i = j;
        }
        variance /= 18;
        if (variance <= 0 || s == 0) {
            return 0;
        }
        return (s - Math.signum(s)) / Math.sqrt(variance);
    }

    private static double expMedian(double[] logs, int n) {
        return Math.exp(median(logs, n));
    }

    private static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The one-sided critical value of the standard normal for a confidence in percent (95 gives 1.645), by
     * Abramowitz and Stegun 26.2.23 (error below 0.00045).
     */
    public static double criticalZ(int confidencePercent) {
        double p = 1 - confidencePercent / 100.0;
        double t = Math.sqrt(-2 * Math.log(p));
        return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    }
}
