package io.rightsizer.domain.verify;

import io.rightsizer.domain.fold.WindowFigures;
import io.rightsizer.domain.usage.DailyUsage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

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
 * An out-of-memory invocation after an increase keeps the change: going back down would only make it worse; {@link
 * #judge} raises again now (at most {@link #MAX_FURTHER_INCREASES} times per window), {@link #compare} leaves it to the
 * next window.
 */
public final class WatchComparison {

    /** How many times one window's execution raises again after an increase that was not enough. */
    public static final int MAX_FURTHER_INCREASES = 2;

    private final VerifySettings settings;

    public WatchComparison(VerifySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Judges the change from {@code fromMemoryMb} to {@code toMemoryMb} from the watched days themselves: only a day
     * whose every report ran at the new size is evidence of it. When the watched days have traffic but none of it ran
     * at the new size, the change is not in effect (published versions, an alias, someone else's change) and is not
     * judged. Out-of-memory invocations after an increase raise again while {@code furtherIncreases} (made so far in
     * this window) is below {@link #MAX_FURTHER_INCREASES}.
     */
    public Verification judge(WindowFigures window, Collection<DailyUsage> watchDays, int fromMemoryMb, int toMemoryMb,
                              int furtherIncreases) {
        List<DailyUsage> atNewSize = new ArrayList<>();
        TreeSet<Integer> otherSizes = new TreeSet<>();
        int otherDays = 0;
        for (DailyUsage day : watchDays) {
            if (day.invocations() == 0) {
                continue;
            }
            if (day.onlyAt(toMemoryMb)) {
                atNewSize.add(day);
            } else {
                otherDays++;
                day.sizes().stream().filter(size -> size != toMemoryMb).forEach(otherSizes::add);
            }
        }
        WindowFigures watch = WindowFigures.of(atNewSize);
        if (atNewSize.isEmpty() && otherDays > 0) {
            return new Verification(Verdict.NOT_IN_EFFECT, "the watched days' reports ran at " + sizes(otherSizes)
                    + ", not at " + toMemoryMb + " MB: the change from " + fromMemoryMb + " MB is not in effect"
                    + " (traffic on published versions or an alias, or the size was changed again), so it is not judged",
                    window, watch);
        }
        String excluded = otherDays == 0 ? "" : " (" + otherDays + " watched day" + (otherDays == 1 ? "" : "s")
                + " also ran at " + sizes(otherSizes) + " and " + (otherDays == 1 ? "is" : "are") + " not judged)";
        boolean increased = toMemoryMb > fromMemoryMb;
        if (increased && watch.outOfMemory() > 0 && furtherIncreases < MAX_FURTHER_INCREASES) {
            return new Verification(Verdict.RAISE, plural(watch.outOfMemory(), "out-of-memory invocation") + " at "
                    + toMemoryMb + " MB since the increase from " + fromMemoryMb + " MB: raising again now"
                    + excluded, window, watch);
        }
        Verification v = compare(window, watch, fromMemoryMb, toMemoryMb);
        return excluded.isEmpty() ? v : new Verification(v.verdict(), v.reason() + excluded, v.window(), v.watch());
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

    private static String sizes(TreeSet<Integer> sizes) {
        return String.join(" and ", sizes.stream().map(s -> s + " MB").toList());
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
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
