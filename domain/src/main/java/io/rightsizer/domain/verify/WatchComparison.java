package io.rightsizer.domain.verify;

import io.rightsizer.domain.fold.WindowFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compares the watch period after a memory change with the window before it and says whether to keep the change.
 *
 * <p>The watch period holds only whole UTC days after the day of the change, so nothing that happened before the
 * change (such as the out-of-memory errors an increase answers) is judged as its effect. Without invocations in it
 * the change is kept.
 *
 * <p>Rules, in order: an out-of-memory invocation after a decrease rolls back (the smaller size is too small); with
 * fewer than {@link VerifySettings#minWatchInvocations()} invocations the rates say nothing and the change is kept;
 * otherwise a rise of the timeout rate, of the error rate or of the average duration beyond its threshold rolls back.
 * An out-of-memory invocation after an increase keeps the change: going back down would only make it worse, and the
 * next window raises the size again.
 */
public final class WatchComparison {

    private final VerifySettings settings;

    public WatchComparison(VerifySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Judges the change from {@code fromMemoryMb} to {@code toMemoryMb}. */
    public Verification compare(WindowFigures window, WindowFigures watch, int fromMemoryMb, int toMemoryMb) {
        boolean decreased = toMemoryMb < fromMemoryMb;
        if (watch.outOfMemory() > 0 && decreased) {
            return new Verification(Verdict.ROLLBACK, watch.outOfMemory() + " out-of-memory invocation"
                    + (watch.outOfMemory() == 1 ? "" : "s") + " at " + toMemoryMb + " MB since the change from "
                    + fromMemoryMb + " MB", window, watch);
        }
        if (watch.invocations() == 0) {
            return new Verification(Verdict.KEEP, "no invocations in the watch period (the whole UTC days after the"
                    + " change): nothing to compare; keeping " + toMemoryMb + " MB", window, watch);
        }
        if (watch.invocations() < settings.minWatchInvocations()) {
            return new Verification(Verdict.KEEP, watch.invocations() + " invocations since the change, fewer than the "
                    + settings.minWatchInvocations() + " needed to compare rates; keeping " + toMemoryMb + " MB",
                    window, watch);
        }
        List<String> harms = new ArrayList<>();
        double timeoutBefore = rate(window.timeouts(), window.invocations());
        double timeoutAfter = rate(watch.timeouts(), watch.invocations());
        if (timeoutAfter - timeoutBefore > settings.timeoutRateIncreasePoints()) {
            harms.add("timeout rate rose from " + pct(timeoutBefore) + " to " + pct(timeoutAfter));
        }
        double errorBefore = window.errorRate() * 100;
        double errorAfter = watch.errorRate() * 100;
        if (errorAfter - errorBefore > settings.errorRateIncreasePoints()) {
            harms.add("error rate rose from " + pct(errorBefore) + " to " + pct(errorAfter));
        }
        double durationBefore = window.averageDurationMs();
        double durationAfter = watch.averageDurationMs();
        if (durationBefore > 0
                && durationAfter > durationBefore * (1 + settings.durationIncreasePercent() / 100.0)) {
            harms.add("average duration grew from " + ms(durationBefore) + " to " + ms(durationAfter));
        }
        if (!harms.isEmpty()) {
            return new Verification(Verdict.ROLLBACK, String.join("; ", harms) + " after the change from "
                    + fromMemoryMb + " MB to " + toMemoryMb + " MB", window, watch);
        }
        String note = watch.outOfMemory() > 0
                ? "; " + watch.outOfMemory() + " out-of-memory invocations remain, the next window raises the size again"
                : "";
        return new Verification(Verdict.KEEP, "no harm in " + watch.invocations() + " invocations since the change to "
                + toMemoryMb + " MB (errors " + pct(errorAfter) + ", timeouts " + pct(timeoutAfter)
                + ", average duration " + ms(durationAfter) + ")" + note, window, watch);
    }

    private static double rate(long count, long invocations) {
        return invocations == 0 ? 0 : 100.0 * count / invocations;
    }

    private static String pct(double points) {
        return String.format(Locale.ROOT, "%.1f%%", points);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }
}
