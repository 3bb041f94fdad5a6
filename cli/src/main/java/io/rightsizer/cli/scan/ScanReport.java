package io.rightsizer.cli.scan;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.cli.analyze.AnalysisReport;
import io.rightsizer.cli.analyze.FunctionReport;
import io.rightsizer.cli.analyze.OutputFormat;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.domain.scan.ListedFunction;
import io.rightsizer.domain.scan.ScanResult;
import io.rightsizer.domain.usage.DailyUsage;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scan's result in {@code analyze}'s report: the same fold, policy and cost model, starting from each function's
 * configured memory (read from the function, not from its reports) and priced at its own architecture. The JSON
 * contract is {@code analyze}'s plus one field: each function's {@code architecture}; the top-level
 * {@code architecture} is the one all functions share, or {@code mixed}.
 */
final class ScanReport {

    /** The top-level architecture of a report whose functions run on both. */
    static final String MIXED = "mixed";

    private final AnalysisReport report;
    private final Map<String, Architecture> architectures;

    private ScanReport(AnalysisReport report, Map<String, Architecture> architectures) {
        this.report = report;
        this.architectures = architectures;
    }

    static ScanReport of(ScanResult result, Map<String, ListedFunction> functions, PolicySettings settings) {
        Map<Architecture, SizingPolicy> policies = new EnumMap<>(Architecture.class);
        Map<String, Architecture> architectures = new TreeMap<>();
        List<FunctionReport> reports = new ArrayList<>();
        result.usage().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ListedFunction f = functions.get(e.getKey());
            List<DailyUsage> days = e.getValue();
            SizingPolicy policy = policies.computeIfAbsent(f.architecture(),
                    a -> new SizingPolicy(settings, new CostModel(a)));
            architectures.put(f.name(), f.architecture());
            reports.add(new FunctionReport(f.name(), result.memorySizes().getOrDefault(f.name(), List.of()),
                    days.stream().map(d -> new FunctionReport.DailyMax(d.day(), d.maxMemoryUsedMb())).toList(),
                    policy.decide(days, f.memoryMb())));
        });
        Map<String, Long> skipped = new TreeMap<>();
        if (result.withoutMemory() > 0) {
            skipped.put(io.rightsizer.logs.ParseStats.MANAGED_INSTANCES_REPORT, result.withoutMemory());
        }
        Architecture shared = architectures.values().stream().distinct().count() == 1
                ? architectures.values().iterator().next() : Architecture.X86_64;
        return new ScanReport(new AnalysisReport(reports, skipped, shared), architectures);
    }

    AnalysisReport report() {
        return report;
    }

    private boolean mixed() {
        return architectures.values().stream().distinct().count() > 1;
    }

    /** Prints the report in {@code format}. */
    void render(OutputFormat format, PrintWriter out) {
        StringWriter buffer = new StringWriter();
        PrintWriter writer = new PrintWriter(buffer);
        format.render(report, writer);
        writer.flush();
        String text = buffer.toString();
        if (format == OutputFormat.JSON) {
            text = withArchitectures(text);
        } else if (format == OutputFormat.TABLE && mixed()) {
            text = text.replace("(" + Architecture.X86_64.lambdaName() + " prices, 30 days)",
                    "(each function at its own architecture's prices, 30 days)");
        }
        out.print(text);
        out.flush();
    }

    private String withArchitectures(String json) {
        // Numbers are kept as analyze wrote them, digit for digit (BigDecimal both ways).
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(json);
            for (JsonNode function : root.withArray("functions")) {
                Architecture a = architectures.get(function.get("function").asText());
                ((ObjectNode) function).put("architecture", a.lambdaName());
            }
            if (mixed()) {
                root.put("architecture", MIXED);
            }
            return mapper.writer(new DefaultPrettyPrinter()).writeValueAsString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
