package io.rightsizer.bench.quality;

import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.testing.fleet.Fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores every combination of a few policy knobs on the same seeds (each seed's first window is parsed once), one
 * line per combination: how the defaults were chosen.
 *
 * <p>{@code -Dgrid="SPIKE_HEADROOM_PERCENT=25,50;SEED_HEADROOM_MB=0,100"}.
 */
final class Grid {

    private Grid() {
    }

    static void run(String spec, long[] seeds, int functions, int windowDays, Map<String, String> fixed) {
        Map<String, String[]> axes = new LinkedHashMap<>();
        for (String axis : spec.split(";")) {
            String[] kv = axis.split("=", 2);
            axes.put(kv[0].trim(), kv[1].split(","));
        }
        List<QualityBench.SeedRun> runs = new ArrayList<>();
        for (long seed : seeds) {
            runs.add(QualityBench.SeedRun.prepare(Fleet.generate(seed, functions, windowDays), windowDays));
        }
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>(fixed));
        for (Map.Entry<String, String[]> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : axis.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(combo);
                    c.put(axis.getKey(), value.trim());
                    next.add(c);
                }
            }
            combos = next;
        }
        System.out.println("per combination: savings share min-max over seeds; OOM functions, foreseeable OOM functions"
                + " and OOM invocations per seed");
        for (Map<String, String> combo : combos) {
            PolicySettings settings = PolicySettings.fromEnvironment(combo);
            double min = Double.MAX_VALUE;
            double max = 0;
            StringBuilder oom = new StringBuilder();
            for (QualityBench.SeedRun run : runs) {
                QualityBench.Tally t = run.score(settings).all(QualityBench.Rule.RIGHTSIZER);
                min = Math.min(min, t.savingsShare());
                max = Math.max(max, t.savingsShare());
                oom.append(String.format(Locale.ROOT, " %d/%d/%d", t.oomFunctions, t.foreseeableOomFunctions,
                        t.oomInvocations));
            }
            StringBuilder knobs = new StringBuilder();
            for (String knob : axes.keySet()) {
                knobs.append(knob).append('=').append(combo.get(knob)).append(' ');
            }
            System.out.printf(Locale.ROOT, "%s savings %.1f-%.1f%%, OOM%s%n", knobs, 100 * min, 100 * max, oom);
        }
    }
}
