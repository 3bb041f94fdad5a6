package io.rightsizer.cli.backtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.rightsizer.cli.analyze.AlignedTable;
import io.rightsizer.cli.analyze.OutputFormat;
import io.rightsizer.cli.analyze.SkippedLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a {@link BacktestReport} as a table for people, as the JSON contract, or as one CSV row per decision. */
final class BacktestRenderers {

    /** The CSV columns, in order. */
    static final List<String> CSV_HEADER = List.of("function", "decided_from", "decided_to", "decision", "current_mb",
            "recommended_mb", "scored_from", "scored_to", "invocations", "peak_mb", "out_of_memory",
            "out_of_memory_unknown", "out_of_memory_actual", "gb_seconds_actual", "gb_seconds_recommended",
            "gb_seconds_saved", "usd_saved", "reason");

    private static final List<String> TABLE_HEADER = List.of("FUNCTION", "DECIDED FROM", "DECISION", "CURRENT MB",
            "RECOMMENDED MB", "NEXT INVOCATIONS", "NEXT PEAK MB", "OUT OF MEMORY", "GB-S SAVED", "$ SAVED");
    /** Columns that hold numbers are aligned right. */
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, true, true, true};
    private static final JsonFactory JSON = new JsonFactory();

    private BacktestRenderers() {
    }

    static void render(OutputFormat format, BacktestReport report, PrintWriter out) {
        render(format, report, out, false);
    }

    /** {@code verbose} lists every kind of record skipped in the table (JSON and CSV do not change). */
    static void render(OutputFormat format, BacktestReport report, PrintWriter out, boolean verbose) {
        switch (format) {
            case TABLE -> table(report, out, verbose);
            case JSON -> json(report, out);
            case CSV -> csv(report, out);
            default -> throw new IllegalArgumentException("no renderer for " + format);
        }
    }

    // ---- table -------------------------------------------------------------------------------------------------

    private static void table(BacktestReport report, PrintWriter out, boolean verbose) {
        out.println("Each function's memory decided from one " + report.windowDays() + "-day window, scored on the"
                + " invocations of the next.");
        out.println();
        List<List<String>> rows = new ArrayList<>();
        rows.add(TABLE_HEADER);
        for (WindowStep s : report.steps()) {
            rows.add(List.of(
                    s.function(),
                    s.decidedFrom().toString(),
                    s.decision().kind().name(),
                    Integer.toString(s.decision().currentMemoryMb()),
                    Integer.toString(s.decision().recommendedMemoryMb()),
                    String.format(Locale.ROOT, "%,d", s.invocations()),
                    Integer.toString(s.peakMemoryUsedMb()),
                    outOfMemory(s.outOfMemory(), s.outOfMemoryUnknown()),
                    String.format(Locale.ROOT, "%,.1f", s.gbSecondsSaved()),
                    usd(s.usdSaved())));
        }
        AlignedTable.print(rows, RIGHT, out);

        List<WindowStep> failing = report.steps().stream().filter(s -> s.outOfMemory() > 0).toList();
        if (!failing.isEmpty()) {
            out.println();
            out.println("Would have run out of memory:");
            for (WindowStep s : failing) {
                out.println(String.format(Locale.ROOT, "  %s, decided from %s: %,d of %,d invocations needed more than"
                                + " %d MB (next peak %d MB); %s", s.function(), s.decidedFrom(), s.outOfMemory(),
                        s.invocations(), s.decision().recommendedMemoryMb(), s.peakMemoryUsedMb(),
                        s.decision().reason()));
            }
        }

        out.println();
        out.println("Windows:");
        for (BacktestReport.WindowTotals w : report.windows()) {
            out.println("  " + w.decidedFrom() + " -> " + w.scoredOn() + ": " + sentence(w.totals(), "function"));
        }
        out.println("Total: " + sentence(report.total(), "function window") + " (" + report.architecture().lambdaName()
                + " prices).");
        SkippedLine.of(report.skipped(), verbose).ifPresent(out::println);
        out.println(BacktestReport.NOTE);
    }

    private static String sentence(Totals t, String unit) {
        return String.format(Locale.ROOT, "%d decision%s, %,d invocations; %,d would have run out of memory (%d"
                        + " %s%s)%s; saved %,.1f GB-s (%s)", t.decisions(), t.decisions() == 1 ? "" : "s",
                t.invocations(), t.outOfMemory(), t.functionsOutOfMemory(), unit,
                t.functionsOutOfMemory() == 1 ? "" : "s",
                t.outOfMemoryUnknown() > 0 ? String.format(Locale.ROOT, ", %,d unknown", t.outOfMemoryUnknown()) : "",
                t.gbSecondsSaved(), usd(t.usdSaved()));
    }

    private static String outOfMemory(long certain, long unknown) {
        return String.format(Locale.ROOT, "%,d", certain) + (unknown > 0 ? String.format(Locale.ROOT, " +%,d?", unknown)
                : "");
    }

    /** Dollars with cents, or four decimals below one dollar, as analyze prints them. */
    private static String usd(double amount) {
        String text = String.format(Locale.ROOT, Math.abs(amount) < 1 && amount != 0 ? "$%.4f" : "$%,.2f",
                Math.abs(amount));
        return amount < 0 ? "-" + text : text;
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    private static void json(BacktestReport report, PrintWriter out) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("windowDays", report.windowDays());
            g.writeArrayFieldStart("decisions");
            for (WindowStep s : report.steps()) {
                writeStep(g, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("windows");
            for (BacktestReport.WindowTotals w : report.windows()) {
                g.writeStartObject();
                writeSpan(g, "decidedFrom", w.decidedFrom());
                writeSpan(g, "scoredOn", w.scoredOn());
                writeTotals(g, w.totals());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("total");
            writeTotals(g, report.total());
            g.writeEndObject();
            g.writeObjectFieldStart("skipped");
            for (Map.Entry<String, Long> kind : report.skipped().entrySet()) {
                g.writeNumberField(kind.getKey(), kind.getValue());
            }
            g.writeEndObject();
            g.writeStringField("architecture", report.architecture().lambdaName());
            g.writeStringField("note", BacktestReport.NOTE);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    private static void writeStep(JsonGenerator g, WindowStep s) throws IOException {
        g.writeStartObject();
        g.writeStringField("function", s.function());
        writeSpan(g, "decidedFrom", s.decidedFrom());
        g.writeStringField("decision", s.decision().kind().name());
        g.writeNumberField("currentMemoryMb", s.decision().currentMemoryMb());
        g.writeNumberField("recommendedMemoryMb", s.decision().recommendedMemoryMb());
        g.writeStringField("reason", s.decision().reason());
        writeSpan(g, "scoredOn", s.scoredOn());
        g.writeNumberField("invocations", s.invocations());
        g.writeNumberField("peakMemoryUsedMb", s.peakMemoryUsedMb());
        g.writeNumberField("outOfMemory", s.outOfMemory());
        g.writeNumberField("outOfMemoryUnknown", s.outOfMemoryUnknown());
        g.writeNumberField("outOfMemoryActual", s.outOfMemoryActual());
        g.writeNumberField("gbSecondsActual", round(s.gbSecondsActual(), 3));
        g.writeNumberField("gbSecondsRecommended", round(s.gbSecondsAtRecommended(), 3));
        g.writeNumberField("gbSecondsSaved", round(s.gbSecondsSaved(), 3));
        g.writeNumberField("usdSaved", round(s.usdSaved(), 6));
        g.writeEndObject();
    }

    private static void writeSpan(JsonGenerator g, String name, DaySpan span) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("first", span.first().toString());
        g.writeStringField("last", span.last().toString());
        g.writeNumberField("days", span.days());
        g.writeEndObject();
    }

    private static void writeTotals(JsonGenerator g, Totals t) throws IOException {
        g.writeNumberField("decisions", t.decisions());
        g.writeNumberField("invocations", t.invocations());
        g.writeNumberField("outOfMemory", t.outOfMemory());
        g.writeNumberField("outOfMemoryFunctions", t.functionsOutOfMemory());
        g.writeNumberField("outOfMemoryUnknown", t.outOfMemoryUnknown());
        g.writeNumberField("outOfMemoryActual", t.outOfMemoryActual());
        g.writeNumberField("gbSecondsSaved", round(t.gbSecondsSaved(), 3));
        g.writeNumberField("usdSaved", round(t.usdSaved(), 6));
    }

    private static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    private static void csv(BacktestReport report, PrintWriter out) {
        out.print(String.join(",", CSV_HEADER));
        out.print("\r\n");
        for (WindowStep s : report.steps()) {
            List<String> row = List.of(
                    s.function(),
                    s.decidedFrom().first().toString(),
                    s.decidedFrom().last().toString(),
                    s.decision().kind().name(),
                    Integer.toString(s.decision().currentMemoryMb()),
                    Integer.toString(s.decision().recommendedMemoryMb()),
                    s.scoredOn().first().toString(),
                    s.scoredOn().last().toString(),
                    Long.toString(s.invocations()),
                    Integer.toString(s.peakMemoryUsedMb()),
                    Long.toString(s.outOfMemory()),
                    Long.toString(s.outOfMemoryUnknown()),
                    Long.toString(s.outOfMemoryActual()),
                    String.format(Locale.ROOT, "%.3f", s.gbSecondsActual()),
                    String.format(Locale.ROOT, "%.3f", s.gbSecondsAtRecommended()),
                    String.format(Locale.ROOT, "%.3f", s.gbSecondsSaved()),
                    String.format(Locale.ROOT, "%.6f", s.usdSaved()),
                    s.decision().reason());
            out.print(row.stream().map(BacktestRenderers::quote).collect(Collectors.joining(",")));
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
