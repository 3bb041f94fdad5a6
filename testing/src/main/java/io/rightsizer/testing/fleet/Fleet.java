package io.rightsizer.testing.fleet;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded fleet of simulated functions, most of them configured well above what they need.
 *
 * <p>The default mix is mostly ordinary functions (a quarter steady, a quarter diurnal, a fifth with low traffic) and
 * 6% of each kind that makes sizing hard (weekly batch, growth, rare spikes, bursty, under-provisioned). It was
 * calibrated on the simple rules, before any change to the policy: with it, the seed rule and peak × 1.2 leave about
 * as many functions out of memory as the issue that asked for this benchmark measured (36–44 and 24–36 of 200).
 *
 * @param seed      the seed it was generated from
 * @param firstDay  the UTC day of day index 0
 * @param functions the functions, in generation order
 */
public record Fleet(long seed, LocalDate firstDay, List<FleetFunction> functions) {

    /** The UTC day the simulated history starts on. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 2);

    /** The sizes people configure: a function is configured at the smallest of them above what it was given. */
    static final int[] COMMON_SIZES = {128, 256, 512, 768, 1024, 1536, 2048, 3008, 4096, 6144, 8192, 10240};

    /** The default mix, in percent of the fleet. */
    public static final Map<DemandKind, Integer> DEFAULT_MIX = defaultMix();

    public Fleet {
        functions = List.copyOf(functions);
    }

    private static Map<DemandKind, Integer> defaultMix() {
        Map<DemandKind, Integer> mix = new EnumMap<>(DemandKind.class);
        mix.put(DemandKind.STEADY, 25);
        mix.put(DemandKind.DIURNAL, 25);
        mix.put(DemandKind.WEEKLY_BATCH, 6);
        mix.put(DemandKind.GROWTH, 6);
        mix.put(DemandKind.RARE_SPIKES, 6);
        mix.put(DemandKind.BURSTY, 6);
        mix.put(DemandKind.UNDER_PROVISIONED, 6);
        mix.put(DemandKind.LOW_TRAFFIC, 20);
        return Collections.unmodifiableMap(mix);
    }

    /** How many functions of each kind a fleet of {@code size} has in the default mix (largest remainders). */
    public static Map<DemandKind, Integer> defaultCounts(int size) {
        Map<DemandKind, Integer> counts = new EnumMap<>(DemandKind.class);
        List<DemandKind> byRemainder = new ArrayList<>(DEFAULT_MIX.keySet());
        int given = 0;
        for (DemandKind kind : byRemainder) {
            int n = size * DEFAULT_MIX.get(kind) / 100;
            counts.put(kind, n);
            given += n;
        }
        byRemainder.sort(Comparator.comparingInt((DemandKind k) -> -(size * DEFAULT_MIX.get(k) % 100)));
        for (int i = 0; given < size; i++, given++) {
            DemandKind kind = byRemainder.get(i % byRemainder.size());
            counts.merge(kind, 1, Integer::sum);
        }
        return counts;
    }

    /** A fleet of {@code size} functions in the default mix. */
    public static Fleet generate(long seed, int size, int windowDays) {
        return generate(seed, defaultCounts(size), windowDays);
    }

    /**
     * Generates {@code counts} functions of each kind from {@code seed}, the kinds taken in turn. Configured sizes are
     * set from the peak of the first {@code windowDays} days: 85% of the functions at 1.4–4× that peak, 15% at
     * 1.05–1.3×, rounded up to a common size; under-provisioned functions at 0.55–0.95× of it.
     */
    public static Fleet generate(long seed, Map<DemandKind, Integer> counts, int windowDays) {
        Map<DemandKind, Integer> left = new EnumMap<>(DemandKind.class);
        left.putAll(counts);
        int size = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<FleetFunction> out = new ArrayList<>(size);
        DemandKind[] kinds = DemandKind.values();
        int turn = 0;
        for (int i = 0; i < size; i++) {
            DemandKind kind = kinds[turn++ % kinds.length];
            while (left.getOrDefault(kind, 0) == 0) {
                kind = kinds[turn++ % kinds.length];
            }
            left.merge(kind, -1, Integer::sum);
            SplittableRandom r = new SplittableRandom(FleetFunction.mix(seed, -1 - i));
            FleetFunction f = draw(kind, String.format(Locale.ROOT, "%s-%03d", kind.label(), i), r);
            int peak = 0;
            for (int day = 0; day < windowDays; day++) {
                peak = Math.max(peak, f.day(day).peakMb());
            }
            out.add(f.withConfiguredMb(configured(kind, peak, r)));
        }
        return new Fleet(seed, FIRST_DAY, out);
    }

    private static FleetFunction draw(DemandKind kind, String name, SplittableRandom r) {
        double u = r.nextDouble();
        double base = kind == DemandKind.UNDER_PROVISIONED ? logUniform(r, 200, 2000)
                : u < 0.6 ? logUniform(r, 70, 300) : u < 0.9 ? logUniform(r, 300, 1000) : logUniform(r, 1000, 3000);
        double sigma = 0.01 + 0.04 * r.nextDouble();
        int perDay = kind == DemandKind.LOW_TRAFFIC ? 3 + r.nextInt(23) : (int) Math.round(logUniform(r, 40, 2000));
        double duration = logUniform(r, 30, 3000);
        double growth = 0;
        double amplitude = 0;
        int weekday = -1;
        double factor = 0;
        int interval = 0;
        int phase = 0;
        double burst = 0;
        switch (kind) {
            case GROWTH -> growth = 0.01 + 0.015 * r.nextDouble();
            case DIURNAL -> amplitude = 0.15 + 0.25 * r.nextDouble();
            case WEEKLY_BATCH -> {
                weekday = r.nextInt(7);
                factor = 1.5 + r.nextDouble();
            }
            case RARE_SPIKES -> {
                interval = 7 + r.nextInt(14);
                phase = r.nextInt(interval);
                factor = 1.8 + 1.2 * r.nextDouble();
            }
            case BURSTY -> burst = 0.2 + 0.3 * r.nextDouble();
            default -> {
            }
        }
        return new FleetFunction(name, kind, r.nextLong(), 0, base, sigma, perDay, duration, growth, amplitude,
                weekday, factor, interval, phase, burst);
    }

    private static int configured(DemandKind kind, int peak, SplittableRandom r) {
        if (kind == DemandKind.UNDER_PROVISIONED) {
            return Math.max(128, (int) Math.floor(peak * (0.55 + 0.4 * r.nextDouble())));
        }
        double factor = r.nextDouble() < 0.15 ? 1.05 + 0.25 * r.nextDouble() : 1.4 + 2.6 * r.nextDouble();
        double wanted = peak * factor;
        for (int common : COMMON_SIZES) {
            if (common >= wanted) {
                return common;
            }
        }
        return COMMON_SIZES[COMMON_SIZES.length - 1];
    }

    private static double logUniform(SplittableRandom r, double low, double high) {
        return Math.exp(Math.log(low) + r.nextDouble() * (Math.log(high) - Math.log(low)));
    }
}
