package io.rightsizer.bench.quality;

import io.rightsizer.cli.analyze.AnalysisReport;
import io.rightsizer.cli.analyze.FunctionReport;
import io.rightsizer.cli.analyze.UsageAnalysis;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.logs.ParseOptions;
import io.rightsizer.logs.UsageParser;
import io.rightsizer.testing.fleet.DemandKind;
import io.rightsizer.testing.fleet.Fleet;
import io.rightsizer.testing.fleet.FleetFunction;
import io.rightsizer.testing.fleet.ReportLogWriter;
import io.rightsizer.testing.fleet.WindowReplay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet backtest: for each seed, a fleet of simulated functions whose first window goes through analyze's
 * parser, fold and policy as log text, and whose second window replays the same demand at each rule's size.
 *
 * <p>System properties: {@code seeds} (default 1,2,3,4,5), {@code functions} (200), {@code windowDays} (14), and
 * {@code policy.<VARIABLE>} for any {@link PolicySettings#fromEnvironment} variable; {@code show=oom} lists the
 * functions Rightsizer's sizes left out of memory.
 */
public final class QualityBench {

    /** {@code -Dshow=oom} lists every function Rightsizer's size left out of memory, with the policy's reason. */
    private static final boolean SHOW_OOM = "oom".equals(System.getProperty("show"));
    /** {@code -Dshow=waste} lists the 20 functions whose sizes missed most of the oracle's savings. */
    private static final boolean SHOW_WASTE = "waste".equals(System.getProperty("show"));

    private QualityBench() {
    }

    public static void main(String[] args) {
        long[] seeds = Arrays.stream(System.getProperty("seeds", "1,2,3,4,5").split(","))
                .mapToLong(s -> Long.parseLong(s.trim())).toArray();
        int functions = Integer.getInteger("functions", 200);
        int windowDays = Integer.getInteger("windowDays", 14);
        PolicySettings settings = PolicySettings.fromEnvironment(policyProperties());

        System.out.printf(Locale.ROOT, "fleet backtest: %d functions, %d-day windows, seeds %s, java %s%n",
                functions, windowDays, Arrays.toString(seeds), System.getProperty("java.version"));
        System.out.println("policy: " + new java.util.TreeMap<>(settings.toEnvironment()));
        long started = System.nanoTime();
        String grid = System.getProperty("grid");
        if (grid != null) {
            Grid.run(grid, seeds, functions, windowDays, policyProperties());
            System.out.printf(Locale.ROOT, "%ntotal %.1f s%n", (System.nanoTime() - started) / 1e9);
            return;
        }
        List<SeedResult> results = new ArrayList<>();
        for (long seed : seeds) {
            long t0 = System.nanoTime();
            SeedRun run = SeedRun.prepare(Fleet.generate(seed, functions, windowDays), windowDays);
            SeedResult result = run.score(settings);
            results.add(result);
            System.out.println();
            System.out.printf(Locale.ROOT, "seed %d: %,d reports in window 1 parsed and folded, %.1f s%n", seed,
                    run.reports(), (System.nanoTime() - t0) / 1e9);
            result.print();
        }
        System.out.println();
        SeedResult.printSummary(results);
        System.out.printf(Locale.ROOT, "%ntotal %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    static Map<String, String> policyProperties() {
        Map<String, String> env = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("policy.")) {
                env.put(k.toString().substring("policy.".length()), v.toString());
            }
        });
        return env;
    }

    /** How a rule sizes a function from its first window. */
    enum Rule {
        RIGHTSIZER("Rightsizer"),
        SEED_RULE("seed rule"),
        PEAK_X_1_2("peak x 1.2"),
        ORACLE("oracle");

        final String label;

        Rule(String label) {
            this.label = label;
        }
    }

    /** One seed's fleet with its first window analysed and its second window ready to replay. */
    static final class SeedRun {
        final Fleet fleet;
        final int windowDays;
        final UsageAnalysis analysis;
        final Map<String, WindowReplay> second = new HashMap<>();

        private SeedRun(Fleet fleet, int windowDays, UsageAnalysis analysis) {
            this.fleet = fleet;
            this.windowDays = windowDays;
            this.analysis = analysis;
        }

        /** Writes window 1 as logs, one function at a time, and streams it through analyze's parser and fold. */
        static SeedRun prepare(Fleet fleet, int windowDays) {
            UsageAnalysis analysis = new UsageAnalysis();
            UsageParser parser = new UsageParser();
            SeedRun run = new SeedRun(fleet, windowDays, analysis);
            for (FleetFunction f : fleet.functions()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
                try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
                    ReportLogWriter.write(f, fleet.firstDay(), 0, windowDays, f.configuredMb(), out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try {
                    // The file name analyze would derive the function from.
                    analysis.addStats(parser.parse(new ByteArrayInputStream(bytes.toByteArray()),
                            new ParseOptions(f.name()), analysis));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                run.second.put(f.name(), WindowReplay.of(f, windowDays, 2 * windowDays));
            }
            return run;
        }

        long reports() {
            return analysis.reports();
        }

        SeedResult score(PolicySettings settings) {
            AnalysisReport report = analysis.report(new SizingPolicy(settings, new CostModel(Architecture.X86_64)),
                    Architecture.X86_64);
            Map<String, FunctionReport> byName = new HashMap<>();
            for (FunctionReport r : report.functions()) {
                byName.put(r.function(), r);
            }
            SeedResult result = new SeedResult(fleet.seed());
            List<String> waste = new ArrayList<>();
            for (FleetFunction f : fleet.functions()) {
                FunctionReport r = byName.get(f.name());
                WindowReplay w2 = second.get(f.name());
                Map<Rule, Integer> sizes = new LinkedHashMap<>();
                sizes.put(Rule.RIGHTSIZER, r.decision().recommendedMemoryMb());
                double avgDailyMax = r.dailyMaxima().stream().mapToInt(FunctionReport.DailyMax::maxMemoryUsedMb)
                        .average().orElse(0);
                int peak = r.dailyMaxima().stream().mapToInt(FunctionReport.DailyMax::maxMemoryUsedMb).max()
                        .orElse(0);
                sizes.put(Rule.SEED_RULE, clamp((int) Math.ceil(avgDailyMax) + 100));
                sizes.put(Rule.PEAK_X_1_2, clamp((int) Math.ceil(peak * 1.2)));
                sizes.put(Rule.ORACLE, clamp(w2.peakMb()));
                result.add(f, f.foreseeable(windowDays), w2, sizes);
                int size = sizes.get(Rule.RIGHTSIZER);
                if (SHOW_WASTE && sizes.get(Rule.ORACLE) < f.configuredMb()) {
                    double missed = w2.gbSeconds(size) - w2.gbSeconds(sizes.get(Rule.ORACLE));
                    waste.add(String.format(Locale.ROOT, "%012.0f  WASTE %-24s %.0f GB-s not saved: configured %d MB,"
                                    + " oracle %d MB, Rightsizer %d MB; %s", missed, f.name(), missed, f.configuredMb(),
                            sizes.get(Rule.ORACLE), size, r.decision().reason()));
                }
                if (SHOW_OOM && w2.outOfMemory(size) > 0) {
                    System.out.printf(Locale.ROOT, "  OOM %-24s %s configured %d MB -> %d MB, window 2 peak %d MB, %d"
                                    + " invocations out of memory; daily maxima %s; %s%n", f.name(),
                            f.foreseeable(windowDays) ? "foreseeable" : "unforeseeable", f.configuredMb(), size,
                            w2.peakMb(), w2.outOfMemory(size), r.dailyMaxima().stream()
                                    .map(d -> Integer.toString(d.maxMemoryUsedMb())).toList(), r.decision().reason());
                }
            }
            if (SHOW_WASTE) {
                double oracleSaved = result.all(Rule.ORACLE).savedOnShrinkable;
                System.out.printf(Locale.ROOT, "  the oracle saves %.0f GB-s on the functions it shrinks%n", oracleSaved);
                waste.stream().sorted(java.util.Comparator.reverseOrder()).limit(20)
                        .forEach(line -> System.out.println(line.substring(14)));
            }
            return result;
        }

        private static int clamp(int mb) {
            return Math.max(PolicySettings.LAMBDA_MIN_MEMORY_MB, Math.min(PolicySettings.LAMBDA_MAX_MEMORY_MB, mb));
        }
    }

    /** What each rule's sizes did in window 2, per kind. */
    static final class SeedResult {
        final long seed;
        /** Per rule, per kind (null = all). */
        final Map<Rule, Map<DemandKind, Tally>> tallies = new LinkedHashMap<>();

        SeedResult(long seed) {
            this.seed = seed;
            for (Rule rule : Rule.values()) {
                Map<DemandKind, Tally> perKind = new LinkedHashMap<>();
                perKind.put(null, new Tally());
                for (DemandKind kind : DemandKind.values()) {
                    perKind.put(kind, new Tally());
                }
                tallies.put(rule, perKind);
            }
        }

        void add(FleetFunction f, boolean foreseeable, WindowReplay w2, Map<Rule, Integer> sizes) {
            int oracle = sizes.get(Rule.ORACLE);
            boolean oracleShrinks = oracle < f.configuredMb();
            for (Map.Entry<Rule, Integer> e : sizes.entrySet()) {
                int size = e.getValue();
                int oom = w2.outOfMemory(size);
                double saved = w2.gbSeconds(f.configuredMb()) - w2.gbSeconds(size);
                double oracleSaved = w2.gbSeconds(f.configuredMb()) - w2.gbSeconds(oracle);
                for (DemandKind key : new DemandKind[] {null, f.kind()}) {
                    Tally t = tallies.get(e.getKey()).get(key);
                    t.functions++;
                    t.configuredGbs += w2.gbSeconds(f.configuredMb());
                    t.gbs += w2.gbSeconds(size);
                    if (oracleShrinks) {
                        t.savedOnShrinkable += saved;
                        t.oracleSavedOnShrinkable += oracleSaved;
                    }
                    if (oom > 0) {
                        t.oomFunctions++;
                        t.oomInvocations += oom;
                        if (foreseeable) {
                            t.foreseeableOomFunctions++;
                        }
                    }
                }
            }
        }

        Tally all(Rule rule) {
            return tallies.get(rule).get(null);
        }

        void print() {
            System.out.printf(Locale.ROOT, "%-11s %8s %8s %10s %11s %13s%n", "rule", "savings", "OOM fns",
                    "OOM invs", "foreseeable", "GB-s vs conf.");
            for (Rule rule : Rule.values()) {
                Tally t = all(rule);
                System.out.printf(Locale.ROOT, "%-11s %7.1f%% %8d %,10d %11d %12.1f%%%n", rule.label,
                        100 * t.savingsShare(), t.oomFunctions, t.oomInvocations, t.foreseeableOomFunctions,
                        100 * (t.gbs / t.configuredGbs - 1));
            }
            System.out.println("per kind (savings share / OOM functions / OOM invocations):");
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-18s", "kind"));
            for (Rule rule : List.of(Rule.RIGHTSIZER, Rule.SEED_RULE, Rule.PEAK_X_1_2)) {
                header.append(String.format(Locale.ROOT, " %26s", rule.label));
            }
            System.out.println(header);
            for (DemandKind kind : DemandKind.values()) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-18s", kind.label()));
                for (Rule rule : List.of(Rule.RIGHTSIZER, Rule.SEED_RULE, Rule.PEAK_X_1_2)) {
                    Tally t = tallies.get(rule).get(kind);
                    row.append(String.format(Locale.ROOT, " %26s", String.format(Locale.ROOT, "%s / %d / %,d",
                            t.oracleSavedOnShrinkable > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * t.savingsShare())
                                    : "-", t.oomFunctions, t.oomInvocations)));
                }
                System.out.println(row);
            }
        }

        static void printSummary(List<SeedResult> results) {
            System.out.println("summary (savings share of the oracle's / OOM functions / OOM invocations "
                    + "/ foreseeable OOM functions):");
            System.out.printf(Locale.ROOT, "%-6s %-34s %-34s %-34s%n", "seed", "Rightsizer", "seed rule", "peak x 1.2");
            for (SeedResult r : results) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6d", r.seed));
                for (Rule rule : List.of(Rule.RIGHTSIZER, Rule.SEED_RULE, Rule.PEAK_X_1_2)) {
                    Tally t = r.all(rule);
                    row.append(String.format(Locale.ROOT, " %-34s", String.format(Locale.ROOT, "%.1f%% / %d / %,d / %d",
                            100 * t.savingsShare(), t.oomFunctions, t.oomInvocations, t.foreseeableOomFunctions)));
                }
                System.out.println(row);
            }
        }
    }

    /** Running sums of one rule over a set of functions. */
    static final class Tally {
        int functions;
        int oomFunctions;
        int foreseeableOomFunctions;
        long oomInvocations;
        double configuredGbs;
        double gbs;
        double savedOnShrinkable;
        double oracleSavedOnShrinkable;

        double savingsShare() {
            return oracleSavedOnShrinkable == 0 ? 0 : savedOnShrinkable / oracleSavedOnShrinkable;
        }
    }
}
