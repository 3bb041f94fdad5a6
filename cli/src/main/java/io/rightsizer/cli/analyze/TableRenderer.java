package io.rightsizer.cli.analyze;

import io.rightsizer.domain.policy.Decision;
import io.rightsizer.domain.policy.DecisionKind;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the report for people: aligned columns, then each function's reason, the totals and what was skipped (see
 * {@link SkippedLine}).
 */
final class TableRenderer implements OutputFormat.ReportRenderer {

    private static final List<String> HEADER = List.of("FUNCTION", "REPORTS", "DAYS", "CURRENT MB", "PEAK MB",
            "AVG DAILY MAX MB", "DECISION", "RECOMMENDED MB", "MONTHLY $ NOW -> AFTER");
    /** Columns that hold numbers are aligned right. */
    private static final boolean[] RIGHT = {false, true, true, true, true, true, false, true, false};

    @Override
    public void render(AnalysisReport report, PrintWriter out) {
        render(report, out, false);
    }

    @Override
    public void render(AnalysisReport report, PrintWriter out, boolean verbose) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FunctionReport f : report.functions()) {
            Decision d = f.decision();
            rows.add(List.of(
                    f.function(),
                    String.format(Locale.ROOT, "%,d", f.reports()),
                    Integer.toString(f.days()),
                    Integer.toString(d.currentMemoryMb()),
                    Integer.toString(d.figures().peakMemoryUsedMb()),
                    String.format(Locale.ROOT, "%.1f", d.figures().averageDailyMaxMb()),
                    d.kind().name(),
                    Integer.toString(d.recommendedMemoryMb()),
                    usd(d.cost().current()) + " -> " + usd(d.cost().recommended())));
        }
        AlignedTable.print(rows, RIGHT, out);

        if (!report.functions().isEmpty()) {
            out.println();
            out.println("Reasons:");
            for (FunctionReport f : report.functions()) {
                String sizes = f.memorySizesMb().size() > 1
                        ? " [sizes seen: " + f.memorySizesMb().stream().map(String::valueOf)
                                .collect(Collectors.joining(", ")) + " MB]"
                        : "";
                out.println("  " + f.function() + sizes + ": " + f.decision().reason());
            }
        }

        out.println();
        out.println(String.format(Locale.ROOT,
                "Total: %d function%s, %,d reports; %d to decrease, %d to increase, %d to keep, %d with too little data.",
                report.functions().size(), report.functions().size() == 1 ? "" : "s", report.reports(),
                report.count(DecisionKind.DECREASE), report.count(DecisionKind.INCREASE),
                report.count(DecisionKind.KEEP), report.count(DecisionKind.INSUFFICIENT_DATA)));
        out.println("Monthly savings from decreases: " + usd(report.monthlySavings())
                + "; added cost of increases: " + usd(report.monthlyIncreaseCost())
                + " (" + report.architecture().lambdaName() + " prices, 30 days).");
        SkippedLine.of(report.skipped(), verbose).ifPresent(out::println);
        out.println(AnalysisReport.DURATION_NOTE);
    }

    /** Dollars with cents, or with four decimals below one dollar so that small functions do not all show $0.00. */
    private static String usd(double amount) {
        return String.format(Locale.ROOT, Math.abs(amount) < 1 && amount != 0 ? "$%.4f" : "$%,.2f", amount);
    }
}
