package io.rightsizer.cli.analyze;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.rightsizer.domain.policy.Decision;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Writes the JSON contract: {@code {"functions":[...],"skipped":{...}}}, documented in the README; fields are only
 * ever added, never renamed or removed.
 */
final class JsonRenderer implements OutputFormat.ReportRenderer {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void render(AnalysisReport report, PrintWriter out) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeArrayFieldStart("functions");
            for (FunctionReport f : report.functions()) {
                writeFunction(g, f);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("skipped");
            for (Map.Entry<String, Long> kind : report.skipped().entrySet()) {
                g.writeNumberField(kind.getKey(), kind.getValue());
            }
            g.writeEndObject();
            g.writeStringField("architecture", report.architecture().lambdaName());
            g.writeStringField("costNote", AnalysisReport.DURATION_NOTE);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    private static void writeFunction(JsonGenerator g, FunctionReport f) throws IOException {
        Decision d = f.decision();
        g.writeStartObject();
        g.writeStringField("function", f.function());
        g.writeNumberField("reports", f.reports());
        g.writeNumberField("days", f.days());
        g.writeArrayFieldStart("memorySizesMb");
        for (int size : f.memorySizesMb()) {
            g.writeNumber(size);
        }
        g.writeEndArray();
        g.writeNumberField("currentMemoryMb", d.currentMemoryMb());
        g.writeNumberField("peakMemoryUsedMb", d.figures().peakMemoryUsedMb());
        g.writeNumberField("averageDailyMaxMb", round(d.figures().averageDailyMaxMb(), 1));
        g.writeNumberField("errors", d.figures().errors());
        g.writeNumberField("timeouts", d.figures().timeouts());
        g.writeNumberField("outOfMemory", d.figures().outOfMemory());
        g.writeStringField("decision", d.kind().name());
        g.writeNumberField("recommendedMemoryMb", d.recommendedMemoryMb());
        g.writeStringField("reason", d.reason());
        g.writeObjectFieldStart("monthlyCostUsd");
        g.writeNumberField("current", round(d.cost().current(), 6));
        g.writeNumberField("recommended", round(d.cost().recommended(), 6));
        g.writeEndObject();
        g.writeArrayFieldStart("dailyMaxima");
        for (FunctionReport.DailyMax day : f.dailyMaxima()) {
            g.writeStartObject();
            if (day.day() == null) {
                g.writeNullField("day");
            } else {
                g.writeStringField("day", day.day().toString());
            }
            g.writeNumberField("maxMemoryUsedMb", day.maxMemoryUsedMb());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
