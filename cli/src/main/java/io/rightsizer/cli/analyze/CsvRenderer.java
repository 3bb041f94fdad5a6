package io.rightsizer.cli.analyze;

import io.rightsizer.domain.policy.Decision;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes one RFC 4180 row per function under a header row; memory sizes are joined with {@code ;}. */
final class CsvRenderer implements OutputFormat.ReportRenderer {

    static final List<String> HEADER = List.of("function", "reports", "days", "memory_sizes_mb", "current_mb",
            "peak_mb", "avg_daily_max_mb", "errors", "timeouts", "out_of_memory", "decision", "recommended_mb",
            "monthly_usd_current", "monthly_usd_recommended", "reason");

    @Override
    public void render(AnalysisReport report, PrintWriter out) {
        out.print(String.join(",", HEADER));
        out.print("\r\n");
        for (FunctionReport f : report.functions()) {
            Decision d = f.decision();
            List<String> row = List.of(
                    f.function(),
                    Long.toString(f.reports()),
                    Integer.toString(f.days()),
                    f.memorySizesMb().stream().map(String::valueOf).collect(Collectors.joining(";")),
                    Integer.toString(d.currentMemoryMb()),
                    Integer.toString(d.figures().peakMemoryUsedMb()),
                    String.format(Locale.ROOT, "%.1f", d.figures().averageDailyMaxMb()),
                    Long.toString(d.figures().errors()),
                    Long.toString(d.figures().timeouts()),
                    Long.toString(d.figures().outOfMemory()),
                    d.kind().name(),
                    Integer.toString(d.recommendedMemoryMb()),
                    String.format(Locale.ROOT, "%.4f", d.cost().current()),
                    String.format(Locale.ROOT, "%.4f", d.cost().recommended()),
                    d.reason());
            out.print(row.stream().map(CsvRenderer::quote).collect(Collectors.joining(",")));
            out.print("\r\n");
        }
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
