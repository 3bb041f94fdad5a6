package io.rightsizer.testing.fleet;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One simulated function: its configured memory and the demand it generates, the same for the same seed on every
 * call, day by day.
 *
 * <p>Each invocation needs {@code level × e^(σ·Z)} MB, Z standard normal cut to [-3, 3.5]. The level is
 * {@code baseMb}, times {@code (1 + growthPerDay)^day}, times the time-of-day swing for {@link DemandKind#DIURNAL}.
 * Kinds with events add invocations at a multiple of the level: a weekly batch (its factor ±8% per week), a rare
 * spike (its factor ±15% per spike) or a burst (1.1–1.6× per burst).
 *
 * @param name              the function's name
 * @param kind              its demand kind
 * @param seed              the seed of its demand
 * @param configuredMb      its configured memory
 * @param baseMb            the level of its demand on day 0
 * @param sigma             the spread of one invocation's need around the level (log scale)
 * @param invocationsPerDay the usual number of invocations a day (±20% from day to day)
 * @param durationMs        the median duration of an invocation
 * @param growthPerDay      the level's growth per day, 0 for kinds that do not grow
 * @param diurnalAmplitude  the time-of-day swing of the level, as a share of it; 0 for kinds without
 * @param batchWeekday      the day of the week (day index mod 7) of the weekly batch, -1 for kinds without
 * @param eventFactor       the multiple of the level a batch or spike needs, 0 for kinds without
 * @param spikeIntervalDays days between rare spikes, 0 for kinds without
 * @param spikePhaseDays    the day of the first rare spike
 * @param burstChance       the chance that a day has a burst, 0 for kinds without
 */
public record FleetFunction(
        String name,
        DemandKind kind,
        long seed,
        int configuredMb,
        double baseMb,
        double sigma,
        int invocationsPerDay,
        double durationMs,
        double growthPerDay,
        double diurnalAmplitude,
        int batchWeekday,
        double eventFactor,
        int spikeIntervalDays,
        int spikePhaseDays,
        double burstChance) {

    private static final int SECONDS_PER_DAY = 86_400;

    public FleetFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (configuredMb < 0 || baseMb <= 0 || sigma < 0 || invocationsPerDay < 1 || durationMs <= 0) {
            throw new IllegalArgumentException("invalid function " + name);
        }
    }

    /** The same function at another configured size. */
    public FleetFunction withConfiguredMb(int sizeMb) {
        return new FleetFunction(name, kind, seed, sizeMb, baseMb, sigma, invocationsPerDay, durationMs, growthPerDay,
                diurnalAmplitude, batchWeekday, eventFactor, spikeIntervalDays, spikePhaseDays, burstChance);
    }

    /** Whether a rare spike falls on {@code day}. */
    public boolean spikeDay(int day) {
        return kind == DemandKind.RARE_SPIKES && day >= spikePhaseDays && (day - spikePhaseDays) % spikeIntervalDays == 0;
    }

    /** Whether the weekly batch runs on {@code day}. */
    public boolean batchDay(int day) {
        return kind == DemandKind.WEEKLY_BATCH && day % 7 == batchWeekday;
    }

    /**
     * Whether a policy that saw days {@code [0, windowDays)} could foresee what this function needs next: growth,
     * under-provisioning and the weekly batch show in any window; a rare spike only once one has happened.
     */
    public boolean foreseeable(int windowDays) {
        return switch (kind) {
            case GROWTH, UNDER_PROVISIONED, WEEKLY_BATCH -> true;
            case RARE_SPIKES -> spikeDay(firstSpikeIn(windowDays));
            default -> false;
        };
    }

    private int firstSpikeIn(int windowDays) {
        for (int day = 0; day < windowDays; day++) {
            if (spikeDay(day)) {
                return day;
            }
        }
        return -1;
    }

    /** The invocations of one day, ordered by time: the same on every call. */
    public DayDemand day(int day) {
        SplittableRandom r = new SplittableRandom(mix(seed, day));
        double level = baseMb * Math.pow(1 + growthPerDay, day);
        int usual = Math.max(1, (int) Math.round(invocationsPerDay * (0.8 + 0.4 * r.nextDouble())));

        // An event: extra invocations within one hour at a multiple of the level.
        double eventLevel = 0;
        int eventCount = 0;
        if (batchDay(day)) {
            eventLevel = level * eventFactor * (0.92 + 0.16 * r.nextDouble());
            eventCount = Math.max(5, usual / 10);
        } else if (spikeDay(day)) {
            eventLevel = level * eventFactor * (0.85 + 0.30 * r.nextDouble());
            eventCount = Math.max(3, (int) Math.round(usual * (0.01 + 0.04 * r.nextDouble())));
        } else if (kind == DemandKind.BURSTY && r.nextDouble() < burstChance) {
            eventLevel = level * (1.1 + 0.5 * r.nextDouble());
            eventCount = Math.max(2, (int) Math.round(usual * (0.02 + 0.06 * r.nextDouble())));
        }
        int eventHour = r.nextInt(23);

        int n = usual + eventCount;
        long[] keyed = new long[n];
        int[] need = new int[n];
        double[] duration = new double[n];
        for (int i = 0; i < n; i++) {
            boolean event = i >= usual;
            int second = event ? eventHour * 3600 + r.nextInt(3600) : r.nextInt(SECONDS_PER_DAY);
            double at = event ? eventLevel : level * diurnal(second);
            need[i] = Math.max(1, (int) Math.ceil(at * Math.exp(sigma * truncatedGaussian(r))));
            duration[i] = Math.round(durationMs * Math.exp(0.3 * truncatedGaussian(r)) * 100) / 100.0;
            keyed[i] = ((long) second << 32) | i;
        }
        // Order by time: the key holds the second above the index.
        Arrays.sort(keyed);
        int[] seconds = new int[n];
        int[] needs = new int[n];
        double[] durations = new double[n];
        for (int i = 0; i < n; i++) {
            int index = (int) keyed[i];
            seconds[i] = (int) (keyed[i] >>> 32);
            needs[i] = need[index];
            durations[i] = duration[index];
        }
        return new DayDemand(day, seconds, needs, durations);
    }

    private double diurnal(int second) {
        if (diurnalAmplitude == 0) {
            return 1;
        }
        // Peaks in the afternoon (UTC), lowest at night.
        return 1 + diurnalAmplitude * Math.sin(2 * Math.PI * (second / (double) SECONDS_PER_DAY - 0.375));
    }

    private static double truncatedGaussian(SplittableRandom r) {
        while (true) {
            // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
            double u = 1 - r.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
            if (z >= -3 && z <= 3.5) {
                return z;
            }
        }
    }

    /** A well-spread seed per (function, day), so that days do not share random streams. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
