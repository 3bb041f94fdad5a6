package io.rightsizer.cli.backtest;

import java.util.Collection;

/**
 * The sums of a set of scored decisions.
 *
 * @param decisions            decisions scored
 * @param functionsOutOfMemory decisions (one per function and window) under which at least one invocation would
 *                             certainly have run out of memory
 * @param invocations          invocations scored against
 * @param outOfMemory          invocations that would certainly have run out of memory
 * @param outOfMemoryUnknown   invocations that ran out of memory at a smaller size: unknown at the recommended one
 * @param outOfMemoryActual    invocations that did run out of memory
 * @param gbSecondsSaved       billed GB-seconds saved against the sizes that ran
 * @param usdSaved             the same in USD
 */
public record Totals(int decisions, int functionsOutOfMemory, long invocations, long outOfMemory,
                     long outOfMemoryUnknown, long outOfMemoryActual, double gbSecondsSaved, double usdSaved) {

    /** Sums {@code steps}. */
    public static Totals of(Collection<WindowStep> steps) {
        int oomFunctions = 0;
        long invocations = 0;
        long oom = 0;
        long unknown = 0;
        long actual = 0;
        double gbs = 0;
        double usd = 0;
        for (WindowStep s : steps) {
            oomFunctions += s.outOfMemory() > 0 ? 1 : 0;
            invocations += s.invocations();
            oom += s.outOfMemory();
            unknown += s.outOfMemoryUnknown();
            actual += s.outOfMemoryActual();
            gbs += s.gbSecondsSaved();
            usd += s.usdSaved();
        }
        return new Totals(steps.size(), oomFunctions, invocations, oom, unknown, actual, gbs, usd);
    }
}
