package io.rightsizer.cli.backtest;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.policy.Decision;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.domain.usage.DailyUsage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides every function's memory from each window of the logs, as analyze would from that window alone, and scores
 * the decision against the invocations of the next window.
 *
 * <p>Windows are cut from the first day of the logs, the same days for every function. A window's decision starts from
 * the size its last day ran at; the next window is scored at the recommended size (the current one when the decision
 * keeps it).
 */
final class Backtest {

    private static final double MS_PER_SECOND = 1000.0;
    private static final double MB_PER_GB = 1024.0;

    private final SizingPolicy policy;
    private final Architecture architecture;
    private final int windowDays;

    Backtest(SizingPolicy policy, Architecture architecture, int windowDays) {
        this.policy = policy;
        this.architecture = architecture;
        this.windowDays = windowDays;
    }

    /** Scores every window but the last. */
    BacktestReport run(UsageHistory history, Map<String, Long> skipped) {
        LocalDate[] span = history.span().orElseThrow(() ->
                new CliException("no dated usage reports to backtest (reports need a time to fall in a window)"));
        LocalDate first = span[0];
        LocalDate last = span[1];
        int days = new DaySpan(first, last).days();
        if (days <= windowDays) {
            throw new CliException("the logs span " + days + " day" + (days == 1 ? "" : "s") + " (" + first + ".."
                    + last + "): a backtest needs more than one window of " + windowDays + " days (see --window-days)");
        }
        int windows = (days + windowDays - 1) / windowDays;

        List<WindowStep> steps = new ArrayList<>();
        Map<Integer, List<WindowStep>> byWindow = new LinkedHashMap<>();
        for (Map.Entry<String, List<DailyUsage>> function : history.days().entrySet()) {
            for (int k = 0; k + 1 < windows; k++) {
                DaySpan decidedFrom = window(first, last, k);
                DaySpan scoredOn = window(first, last, k + 1);
                List<DailyUsage> window = function.getValue().stream()
                        .filter(d -> decidedFrom.contains(d.day())).toList();
                List<UsageHistory.DayAtSize> next = history.invocations(function.getKey(), scoredOn.first(),
                        scoredOn.last());
                if (window.isEmpty() || next.isEmpty()) {
                    continue;
                }
                WindowStep step = score(function.getKey(), decidedFrom, policy.decide(window), scoredOn, next);
                steps.add(step);
                byWindow.computeIfAbsent(k, i -> new ArrayList<>()).add(step);
            }
        }
        List<BacktestReport.WindowTotals> totals = new ArrayList<>();
        for (int k = 0; k + 1 < windows; k++) {
            totals.add(new BacktestReport.WindowTotals(window(first, last, k), window(first, last, k + 1),
                    Totals.of(byWindow.getOrDefault(k, List.of()))));
        }
        return new BacktestReport(windowDays, architecture, steps, totals, Totals.of(steps), skipped);
    }

    private WindowStep score(String function, DaySpan decidedFrom, Decision decision, DaySpan scoredOn,
                             List<UsageHistory.DayAtSize> next) {
        int size = decision.recommendedMemoryMb();
        long invocations = 0;
        int peak = 0;
        long oom = 0;
        long unknown = 0;
        long actual = 0;
        double gbsActual = 0;
        double gbsAtSize = 0;
        for (UsageHistory.DayAtSize d : next) {
            invocations += d.invocations();
            peak = Math.max(peak, d.peakMb());
            oom += d.certainlyOutOfMemoryAt(size);
            unknown += d.unknownAt(size);
            actual += d.outOfMemory();
            gbsActual += d.billedMs() / MS_PER_SECOND * d.memorySizeMb() / MB_PER_GB;
            gbsAtSize += d.billedMs() / MS_PER_SECOND * size / MB_PER_GB;
        }
        return new WindowStep(function, decidedFrom, decision, scoredOn, invocations, peak, oom, unknown, actual,
                gbsActual, gbsAtSize, (gbsActual - gbsAtSize) * architecture.usdPerGbSecond());
    }

    /** Window {@code k} from {@code first}, cut at {@code last}. */
    private DaySpan window(LocalDate first, LocalDate last, int k) {
        LocalDate start = first.plusDays((long) k * windowDays);
        LocalDate end = start.plusDays(windowDays - 1L);
        return new DaySpan(start, end.isAfter(last) ? last : end);
    }
}
