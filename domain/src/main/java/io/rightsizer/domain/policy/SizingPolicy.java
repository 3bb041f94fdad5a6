package io.rightsizer.domain.policy;

import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.fold.WindowFigures;
import io.rightsizer.domain.usage.DailyUsage;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a function's memory from its window: the seed rule (average of the daily maxima plus headroom) under the
 * guards of {@link PolicySettings}.
 *
 * <p>The order of the guards matters: too little data decides nothing; a window at its memory limit only ever
 * increases; otherwise the larger of the seed and the peak guard, clamped to Lambda's limits, unless the change is
 * too small to be worth a deploy.
 */
public final class SizingPolicy {

    private final PolicySettings settings;
    private final CostModel costModel;

    public SizingPolicy(PolicySettings settings, CostModel costModel) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.costModel = Objects.requireNonNull(costModel, "costModel");
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
     * that was rolled back.
     */
    public Decision decide(WindowFigures f, int currentMemoryMb, ChangeHistory history) {
        int current = currentMemoryMb > 0 ? currentMemoryMb : f.lastMemorySizeMb();
        if (f.days() == 0 || current <= 0) {
            return keepLike(DecisionKind.INSUFFICIENT_DATA, f, Math.max(current, 0), 0, 0,
                    "no invocations in the window");
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

        int seed = (int) Math.ceil(f.averageDailyMaxMb()) + settings.seedHeadroomMb();
        int floor = plusPercent(f.peakMemoryUsedMb(), settings.peakHeadroomPercent());
        int target = Math.max(seed, floor);
        String basis = "average daily max " + round(f.averageDailyMaxMb()) + " MB + " + settings.seedHeadroomMb()
                + " MB = " + seed + " MB, peak " + f.peakMemoryUsedMb() + " MB + " + settings.peakHeadroomPercent()
                + "% = " + floor + " MB";

        if (f.atMemoryLimit()) {
            return underProvisioned(f, current, seed, floor, target);
        }

        int clamped = clamp(target);
        String clampNote = clamped != target ? ", clamped to " + clamped + " MB" : "";
        int delta = clamped - current;
        int threshold = Math.max(settings.minChangeMb(), plusPercent(current, settings.minChangePercent()) - current);
        // The threshold avoids churn; it must not leave a function below its peak guard.
        boolean belowPeakGuard = current < Math.min(floor, clamped);
        if (Math.abs(delta) < threshold && !belowPeakGuard) {
            return keepLike(DecisionKind.KEEP, f, current, seed, floor, basis + clampNote + ": " + clamped
                    + " MB is within " + threshold + " MB of the current " + current + " MB");
        }
        DecisionKind kind = delta < 0 ? DecisionKind.DECREASE : DecisionKind.INCREASE;
        Optional<RolledBackSize> failed = history.largestFailedSize();
        if (kind == DecisionKind.DECREASE && failed.isPresent() && clamped <= failed.get().memoryMb()) {
            return aboveFailedSize(f, current, seed, floor, basis + clampNote, clamped, failed.get(), threshold);
        }
        return new Decision(kind, current, clamped, seed, floor,
                basis + clampNote + ": " + (delta < 0 ? "lower" : "raise") + " " + current + " MB to " + clamped + " MB",
                f, costModel.estimate(f, current, clamped));
    }

    /**
     * A decrease that would reach a size that was rolled back goes no lower than one step above it (the larger of
     * the minimum change and 10% of the failed size), and not at all when that is no worthwhile decrease.
     */
    private Decision aboveFailedSize(WindowFigures f, int current, int seed, int floor, String basis, int wanted,
                                     RolledBackSize failed, int threshold) {
        int step = Math.max(settings.minChangeMb(), plusPercent(failed.memoryMb(), 10) - failed.memoryMb());
        int target = clamp(failed.memoryMb() + Math.max(step, 1));
        String why = basis + ": " + wanted + " MB is at or below " + failed.memoryMb() + " MB, which was rolled back on "
                + failed.at().toString().substring(0, 10);
        if (current - target < threshold) {
            return keepLike(DecisionKind.KEEP, f, current, seed, floor, why + "; keeping " + current + " MB");
        }
        return new Decision(DecisionKind.DECREASE, current, target, seed, floor,
                why + "; lower " + current + " MB to " + target + " MB only", f, costModel.estimate(f, current, target));
    }

    private Decision underProvisioned(WindowFigures f, int current, int seed, int floor, int target) {
        String why = f.outOfMemory() > 0
                ? plural(f.outOfMemory(), "out-of-memory invocation")
                : "peak memory reached the configured size";
        int grown = plusPercent(current, settings.oomIncreasePercent());
        int clamped = clamp(Math.max(target, grown));
        if (clamped <= current) {
            return keepLike(DecisionKind.KEEP, f, current, seed, floor,
                    why + " but " + current + " MB is already the upper limit (" + settings.maxMemoryMb() + " MB)");
        }
        return new Decision(DecisionKind.INCREASE, current, clamped, seed, floor,
                why + ": under-provisioned, raise " + current + " MB to " + clamped + " MB (at least +"
                        + settings.oomIncreasePercent() + "%, never lower)",
                f, costModel.estimate(f, current, clamped));
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
        return mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(java.util.Locale.ROOT, "%.1f", mb);
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
