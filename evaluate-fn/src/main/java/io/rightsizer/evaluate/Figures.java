package io.rightsizer.evaluate;

import io.rightsizer.domain.fold.WindowFigures;

/**
 * A period's figures as the tasks return them: small, rounded, readable in the console.
 *
 * @param days              days with data
 * @param invocations       invocations
 * @param peakMemoryUsedMb  the highest peak
 * @param averageDailyMaxMb the average of the daily maxima
 * @param errors            failed invocations
 * @param timeouts          timed-out invocations
 * @param outOfMemory       out-of-memory invocations
 * @param errorRate         errors per invocation
 * @param averageDurationMs mean duration
 */
public record Figures(int days, long invocations, int peakMemoryUsedMb, double averageDailyMaxMb, long errors,
                      long timeouts, long outOfMemory, double errorRate, double averageDurationMs) {

    static Figures of(WindowFigures f) {
        return new Figures(f.days(), f.invocations(), f.peakMemoryUsedMb(), round(f.averageDailyMaxMb(), 1),
                f.errors(), f.timeouts(), f.outOfMemory(), round(f.errorRate(), 5), round(f.averageDurationMs(), 1));
    }

    static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
