package io.rightsizer.cli.analyze;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.fold.DailyFold;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.UsageSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accumulates parsed usage of any number of inputs in memory bounded by functions × days (never by reports), and
 * turns it into an {@link AnalysisReport}.
 */
public final class UsageAnalysis implements UsageSink {

    private final DailyFold fold = new DailyFold();
    private final Map<String, Set<Integer>> memorySizes = new HashMap<>();
    private final ParseStats stats = new ParseStats();

    // The last function and size seen: a run of reports of one function at one size needs no set lookup.
    private String lastFunction;
    private int lastSize;

    @Override
    public void accept(InvocationUsage usage) {
        fold.add(usage);
        if (usage.memorySizeMb() == lastSize && usage.function().equals(lastFunction)) {
            return;
        }
        Set<Integer> sizes = memorySizes.get(usage.function());
        if (sizes == null) {
            sizes = new TreeSet<>();
            memorySizes.put(usage.function(), sizes);
        }
        sizes.add(usage.memorySizeMb());
        lastFunction = usage.function();
        lastSize = usage.memorySizeMb();
    }

    /** Adds one input's parse statistics. */
    public void addStats(ParseStats inputStats) {
        stats.merge(inputStats);
    }

    /** Reports folded in so far. */
    public long reports() {
        return fold.reports();
    }

    /** Decides every function with {@code policy}. */
    public AnalysisReport report(SizingPolicy policy, Architecture architecture) {
        List<FunctionReport> functions = new ArrayList<>();
        List<DailyUsage> days = fold.days();
        int start = 0;
        // fold.days() is ordered by function, then day: cut it into one run per function.
        for (int i = 1; i <= days.size(); i++) {
            if (i == days.size() || !days.get(i).function().equals(days.get(start).function())) {
                List<DailyUsage> window = days.subList(start, i);
                String function = window.get(0).function();
                functions.add(new FunctionReport(function, new ArrayList<>(memorySizes.get(function)),
                        window.stream().map(FunctionReport.DailyMax::of).toList(), policy.decide(window)));
                start = i;
            }
        }
        return new AnalysisReport(functions, stats.skipped(), architecture);
    }
}
