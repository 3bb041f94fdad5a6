package io.rightsizer.cli.analyze;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.policy.DecisionKind;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of one {@code analyze} run: a report per function, ordered by name, and what the parser skipped.
 *
 * @param functions    one report per function, ordered by function name
 * @param skipped      records skipped by kind, ordered by kind
 * @param architecture the architecture the costs are priced at
 */
public record AnalysisReport(List<FunctionReport> functions, Map<String, Long> skipped, Architecture architecture) {

    /** What the output says about the cost estimates. */
    public static final String DURATION_NOTE = "Costs assume durations stay the same at the new memory size "
            + "(CPU scales with memory, so a CPU-bound function may run longer on less).";

    public AnalysisReport {
        functions = List.copyOf(functions);
        skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
        Objects.requireNonNull(architecture, "architecture");
    }

    /** What the decreases save per month, in USD. */
    public double monthlySavings() {
        return functions.stream().filter(f -> f.decision().kind() == DecisionKind.DECREASE)
                .mapToDouble(f -> f.decision().cost().savings()).sum();
    }

    /** What the increases add per month, in USD. */
    public double monthlyIncreaseCost() {
        return functions.stream().filter(f -> f.decision().kind() == DecisionKind.INCREASE)
                .mapToDouble(f -> -f.decision().cost().savings()).sum();
    }

    /** How many functions got a decision of this kind. */
    public long count(DecisionKind kind) {
        return functions.stream().filter(f -> f.decision().kind() == kind).count();
    }

    /** Reports analysed across all functions. */
    public long reports() {
        return functions.stream().mapToLong(FunctionReport::reports).sum();
    }
}
