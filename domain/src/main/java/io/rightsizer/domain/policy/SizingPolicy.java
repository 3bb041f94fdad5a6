package io.rightsizer.domain.policy;

import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.fold.WindowFigures;
import io.rightsizer.domain.usage.DailyUsage;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a function's memory from its window: the seed rule (average of the daily maxima plus headroom) under guards
 * read from the shape of the daily maxima, with the knobs of {@link PolicySettings}.
 *
 * <p>The order matters: a window at its memory limit only ever increases, by a step that grows with the evidence,
 * however few its days; too little data decides nothing; otherwise the larger of the seed and the guard (the peak,
 * carried along a significant growth trend to the end of the next window and its watch, plus a share of it and a
 * share of its rise above the median day), clamped to Lambda's limits, unless the change is too small to be worth a
 * deploy; a decrease never reaches a size that was rolled back.
 */
public final class SizingPolicy {

    private final PolicySettings settings;
    private final CostModel costModel;
    private final double criticalZ;

    public SizingPolicy(PolicySettings settings, CostModel costModel) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.costModel = Objects.requireNonNull(costModel, "costModel");
        this.criticalZ = MaximaShape.criticalZ(settings.trendConfidencePercent());
    }

    public PolicySettings settings() {
        return settings;
    }

    /** Decides from a window's days, starting from the configured memory of the latest day. */
    public Decision decide(Collection<DailyUsage> window) {
        WindowFigures figures = WindowFigures.of(window);
        return decide(figures, figures.lastMemorySizeMb());
    }

    /** Decides from a window's days, starting from the function's current configured memory. */
    public Decision decide(Collection<DailyUsage> window, int currentMemoryMb) {
        return decide(WindowFigures.of(window), currentMemoryMb);
    }

    /** Decides from a window's figures, starting from the function's current configured memory. */
    public Decision decide(WindowFigures f, int currentMemoryMb) {
        return decide(f, currentMemoryMb, ChangeHistory.NONE);
    }

    /**
     * Decides from a window's figures and the function's earlier changes: a decrease never goes to or below a size
     * that was rolled back, and an increase after one that was not enough steps further.
     */
    public Decision decide(WindowFigures f, int currentMemoryMb, ChangeHistory history) {
        int current = currentMemoryMb > 0 ? currentMemoryMb : f.lastMemorySizeMb();
        if (f.days() == 0 || current <= 0) {
            return keepLike(DecisionKind.INSUFFICIENT_DATA, f, Math.max(current, 0), 0, 0,
                    "no invocations in the window");
        }
        // Running out of memory is evidence enough, however little else the window holds.
        if (f.atMemoryLimit()) {
            return underProvisioned(f, current, history);
        }
        if (f.days() < settings.minDays()) {
            return keepLike(DecisionKind.INSUFFICIENT_DATA, f, current, 0, 0,
                    plural(f.days(), "day") + " with data; the policy needs at least " + settings.minDays());
        }
        if (f.invocations() < settings.minInvocations()) {
            return keepLike(DecisionKind.INSUFFICIENT_DATA, f, current, 0, 0,
                    plural(f.invocations(), "invocation") + " in the window; the policy needs at least "
                            + settings.minInvocations());
        }

        Target t = target(f);
        // A spike that may come larger is a reason not to go down, not evidence to go up: only running out of
        // memory, or a projected trend, raises a function.
        if (t.target() > current && Math.max(t.seed(), t.guard() - t.spikeMb()) <= current) {
            return keepLike(DecisionKind.KEEP, f, current, t.seed(), t.guard(), t.basis() + ": only the spike headroom"
                    + " asks for more than the current " + current + " MB, which never ran out of memory; keeping it");
        }
        int clamped = clamp(t.target());
        String clampNote = clamped != t.target() ? ", clamped to " + clamped + " MB" : "";
        int delta = clamped - current;
        int threshold = Math.max(settings.minChangeMb(), plusPercent(current, settings.minChangePercent()) - current);
        // The threshold avoids churn; it must not leave a function below its guard.
        boolean belowGuard = current < Math.min(t.guard(), clamped);
        if (Math.abs(delta) < threshold && !belowGuard) {
            return keepLike(DecisionKind.KEEP, f, current, t.seed(), t.guard(), t.basis() + clampNote + ": " + clamped
                    + " MB is within " + threshold + " MB of the current " + current + " MB");
        }
        DecisionKind kind = delta < 0 ? DecisionKind.DECREASE : DecisionKind.INCREASE;
        Optional<RolledBackSize> failed = history.largestFailedSize();
        if (kind == DecisionKind.DECREASE && failed.isPresent() && clamped <= failed.get().memoryMb()) {
            return aboveFailedSize(f, current, t, t.basis() + clampNote, clamped, failed.get(), threshold);
        }
        return new Decision(kind, current, clamped, t.seed(), t.guard(),
                t.basis() + clampNote + ": " + (delta < 0 ? "lower" : "raise") + " " + current + " MB to " + clamped
                        + " MB",
                f, costModel.estimate(f, current, clamped));
    }

    /**
     * The under-provisioned decision on its own, for figures of any length (a window, or the watch after an
     * increase): when they show the function at its limit, raise it by a step that grows with the evidence —
     * {@link PolicySettings#oomIncreasePercent()} plus the share of invocations that ran out of memory times the
     * difference up to {@link PolicySettings#oomMaxIncreasePercent()}, and at least twice the step of the last
     * increase when that increase led to this size and was not enough — and never below what the measured days
     * need. Otherwise KEEP.
     */
    public Decision underProvisioned(WindowFigures f, int currentMemoryMb, ChangeHistory history) {
        int current = currentMemoryMb > 0 ? currentMemoryMb : f.lastMemorySizeMb();
        if (!f.atMemoryLimit() || current <= 0) {
            return keepLike(DecisionKind.KEEP, f, Math.max(current, 0), 0, 0,
                    "no out-of-memory invocation and no peak at the configured size: nothing to raise");
        }
        double share = f.outOfMemoryShare();
        int step = settings.oomIncreasePercent()
                + (int) Math.round((settings.oomMaxIncreasePercent() - settings.oomIncreasePercent()) * share);
        String evidence;
        if (f.outOfMemory() > 0) {
            evidence = String.format(Locale.ROOT, "%s (%s of %,d, on %d of %s)",
                    plural(f.outOfMemory(), "out-of-memory invocation"), percent(share), f.invocations(),
                    f.daysAtMemoryLimit(), plural(f.days(), "day"));
        } else {
            evidence = "peak memory reached the configured size (on " + f.daysAtMemoryLimit() + " of "
                    + plural(f.days(), "day") + ")";
        }
        String stepWhy = share > 0 && settings.oomMaxIncreasePercent() > settings.oomIncreasePercent()
                ? " (" + settings.oomIncreasePercent() + "% + " + percent(share) + " of "
                        + (settings.oomMaxIncreasePercent() - settings.oomIncreasePercent()) + " points)"
                : "";
        Optional<LastIncrease> last = history.latestIncrease().filter(i -> i.toMb() == current);
        if (last.isPresent() && 2 * last.get().stepPercent() > step) {
            step = 2 * last.get().stepPercent();
            stepWhy = "; the last increase, " + last.get().fromMb() + " MB to " + current + " MB (+"
                    + last.get().stepPercent() + "%), was not enough: twice its step";
        }
        int grown = plusPercent(current, step);
        String why = evidence + ": under-provisioned, raise " + current + " MB by " + step + "%" + stepWhy;

        // The peaks of the days measured (and the censored ones, as lower bounds) may ask for more than the step.
        Target t = target(f);
        int wanted = Math.max(grown, t.target());
        if (wanted > grown) {
            why += "; " + t.basis();
        }
        int clamped = clamp(wanted);
        if (clamped <= current) {
            return keepLike(DecisionKind.KEEP, f, current, t.seed(), t.guard(),
                    evidence + " but " + current + " MB is already the upper limit (" + settings.maxMemoryMb() + " MB)");
        }
        return new Decision(DecisionKind.INCREASE, current, clamped, t.seed(), t.guard(),
                why + ": " + clamped + " MB" + (clamped != wanted ? " (clamped)" : "") + ", never lower",
                f, costModel.estimate(f, current, clamped));
    }

    /** The seed, the guard, the larger of the two, and the sentence that shows their figures. */
    private record Target(int seed, int guard, int target, String basis, int spikeMb) {
    }

    private Target target(WindowFigures f) {
        int seed = (int) Math.ceil(f.averageDailyMaxMb()) + settings.seedHeadroomMb();
        String seedWhy = "average daily max " + round(f.averageDailyMaxMb()) + " MB + " + settings.seedHeadroomMb()
                + " MB = " + seed + " MB";
        MaximaShape shape = MaximaShape.of(f.dailyPeaks(), criticalZ);
        // Censored peaks (at the limit) are lower bounds: the guard never goes below them either.
        int floor = plusPercent(f.peakMemoryUsedMb(), settings.peakHeadroomPercent());
        String floorWhy = "peak " + f.peakMemoryUsedMb() + " MB + " + settings.peakHeadroomPercent() + "% = " + floor
                + " MB";
        if (shape.days() == 0) {
            return new Target(seed, floor, Math.max(seed, floor), seedWhy + ", " + floorWhy, 0);
        }
        int horizon = shape.significant() ? settings.projectionDays() : 0;
        double typical = shape.typicalMb(horizon);
        double projected = shape.projectedPeakMb(horizon);
        double rise = Math.max(0, projected - typical);
        int guard;
        String guardWhy;
        if (horizon == 0) {
            // Exact integer arithmetic when nothing is projected: 100 MB + 10% is 110 MB, not 111 MB.
            int peak = shape.peakMb();
            guard = plusPercent(peak, settings.peakHeadroomPercent()) + spikeHeadroomMb(rise, shape.highDays());
            guardWhy = "peak " + peak + " MB + " + settings.peakHeadroomPercent() + "%"
                    + spikeNote(rise, typical, shape.highDays(), "median day") + " = " + guard + " MB";
        } else {
            guard = (int) Math.ceil(projected * (100 + settings.peakHeadroomPercent()) / 100.0 - 1e-9)
                    + spikeHeadroomMb(rise, shape.highDays());
            guardWhy = String.format(Locale.ROOT, "daily maxima grow %.1f%% a day (Theil–Sen; Mann–Kendall z = %.1f):"
                            + " peak %d MB -> %.0f MB in %d days, + %d%%%s = %d MB",
                    100 * shape.dailyGrowth(), shape.mannKendallZ(), shape.peakMb(), projected, horizon,
                    settings.peakHeadroomPercent(), spikeNote(rise, typical, shape.highDays(), "trend"), guard);
        }
        int spike = spikeHeadroomMb(rise, shape.highDays());
        if (floor > guard) {
            guard = floor;
            guardWhy = floorWhy;
            spike = 0;
        }
        return new Target(seed, guard, Math.max(seed, guard), seedWhy + ", " + guardWhy, spike);
    }

    /**
     * The next spike or batch may be larger than the highest seen: a share of the peak's rise above the typical day,
     * divided by the square root of how many such days the window saw (the more often seen, the better known).
     */
    private int spikeHeadroomMb(double rise, int highDays) {
        return (int) Math.round(rise * settings.spikeHeadroomPercent() / 100.0 / Math.sqrt(highDays));
    }

    private String spikeNote(double rise, double typical, int highDays, String above) {
        int mb = spikeHeadroomMb(rise, highDays);
        if (mb == 0) {
            return "";
        }
        return " + " + settings.spikeHeadroomPercent() + "% of its " + Math.round(rise) + " MB above the " + above
                + " (" + Math.round(typical) + " MB)" + (highDays > 1 ? " / √" + highDays + " high days" : "")
                + " = " + mb + " MB";
    }

    /**
     * A decrease that would reach a size that was rolled back goes no lower than one step above it (the larger of
     * the minimum change and 10% of the failed size), and not at all when that is no worthwhile decrease.
     */
    private Decision aboveFailedSize(WindowFigures f, int current, Target t, String basis, int wanted,
                                     RolledBackSize failed, int threshold) {
        int step = Math.max(settings.minChangeMb(), plusPercent(failed.memoryMb(), 10) - failed.memoryMb());
        int target = clamp(failed.memoryMb() + Math.max(step, 1));
        String why = basis + ": " + wanted + " MB is at or below " + failed.memoryMb() + " MB, which was rolled back on "
                + failed.at().toString().substring(0, 10);
        if (current - target < threshold) {
            return keepLike(DecisionKind.KEEP, f, current, t.seed(), t.guard(), why + "; keeping " + current + " MB");
        }
        return new Decision(DecisionKind.DECREASE, current, target, t.seed(), t.guard(),
                why + "; lower " + current + " MB to " + target + " MB only", f, costModel.estimate(f, current, target));
    }

    private Decision keepLike(DecisionKind kind, WindowFigures f, int current, int seed, int floor, String reason) {
        return new Decision(kind, current, current, seed, floor, reason, f, costModel.estimate(f, current, current));
    }

    /** {@code mb} plus {@code percent} of it, rounded up, in exact integer arithmetic (1.1 is not exact in binary). */
    private static int plusPercent(int mb, int percent) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) mb * (100 + percent) + 99) / 100);
    }

    private int clamp(int mb) {
        return Math.max(PolicySettings.LAMBDA_MIN_MEMORY_MB, Math.min(settings.maxMemoryMb(), mb));
    }

    private static String round(double mb) {
        return mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(Locale.ROOT, "%.1f", mb);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, share >= 0.1 || share == 0 ? "%.0f%%" : "%.1f%%", 100 * share);
    }

    private static String plural(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
