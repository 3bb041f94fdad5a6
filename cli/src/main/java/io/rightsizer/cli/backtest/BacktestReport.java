package io.rightsizer.cli.backtest;

import io.rightsizer.domain.cost.Architecture;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of one {@code backtest} run: every function's decision from each window scored against the next, the
 * sums per pair of windows and overall, and what the parser skipped.
 *
 * @param windowDays   the window length
 * @param architecture the architecture the savings are priced at
 * @param steps        one per function and window, ordered by function, then window
 * @param windows      the sums per pair of windows, oldest first
 * @param total        the sums over every step
 * @param skipped      records skipped by kind, ordered by kind (reports without a time as {@code undated})
 */
public record BacktestReport(int windowDays, Architecture architecture, List<WindowStep> steps,
                             List<WindowTotals> windows, Totals total, Map<String, Long> skipped) {

    /** What the output says about the comparison. */
    public static final String NOTE = "Savings compare the recommended size with the sizes that ran in the next window;"
            + " each window is decided from what ran in it, not from sizes earlier recommendations would have set."
            + " Durations are assumed to stay the same at another size.";

    public BacktestReport {
        Objects.requireNonNull(architecture, "architecture");
        steps = List.copyOf(steps);
        windows = List.copyOf(windows);
        Objects.requireNonNull(total, "total");
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
    }

    /**
     * One pair of windows: decided from the first, scored on the second.
     *
     * @param decidedFrom the window decided from
     * @param scoredOn    the window scored on
     * @param totals      the sums of its steps
     */
    public record WindowTotals(DaySpan decidedFrom, DaySpan scoredOn, Totals totals) {
    }
}
