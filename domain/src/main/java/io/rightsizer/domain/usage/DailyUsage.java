package io.rightsizer.domain.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One function's usage over one UTC day: the figures the store keeps per (function, day) and the policy sizes from.
 *
 * @param function        the function's key (name or unqualified ARN)
 * @param day             the UTC day, or {@code null} for the undated bucket (reports that carry no time)
 * @param maxMemoryUsedMb the day's highest peak memory, at any size
 * @param memorySizeMb    the configured memory of the day's last report
 * @param invocations     reports folded in
 * @param errors          invocations that failed (any non-success status, timeouts and out-of-memory included)
 * @param timeouts        invocations that timed out
 * @param outOfMemory     invocations that ran out of memory
 * @param billedMsSum     billed milliseconds, summed
 * @param durationMsSum   duration milliseconds, summed (to compare durations before and after a change)
 * @param coldStarts      invocations with an init or restore duration
 * @param lastSeen        the time of the day's last report, or {@code null} when undated
 * @param maxUsedBySize   the day's highest peak per configured memory size seen that day (a size changed during the
 *                        day shows as two entries): evidence at one size says nothing about another
 * @param versions        the function versions that ran that day ({@code $LATEST}, published version numbers); empty
 *                        when the sources did not say
 */
public record DailyUsage(
        String function,
        LocalDate day,
        int maxMemoryUsedMb,
        int memorySizeMb,
        long invocations,
        long errors,
        long timeouts,
        long outOfMemory,
        long billedMsSum,
        double durationMsSum,
        long coldStarts,
        Instant lastSeen,
        SortedMap<Integer, Integer> maxUsedBySize,
        SortedSet<String> versions) {

    public DailyUsage {
        Objects.requireNonNull(function, "function");
        if (invocations < 0 || errors < 0 || timeouts < 0 || outOfMemory < 0 || billedMsSum < 0 || coldStarts < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
        if (!Double.isFinite(durationMsSum) || durationMsSum < 0) {
            throw new IllegalArgumentException("durationMsSum must be a finite number, not negative: " + durationMsSum);
        }
        TreeMap<Integer, Integer> bySize = new TreeMap<>();
        if (maxUsedBySize == null || maxUsedBySize.isEmpty()) {
            if (memorySizeMb > 0) {
                bySize.put(memorySizeMb, maxMemoryUsedMb);
            }
        } else {
            for (Map.Entry<Integer, Integer> e : maxUsedBySize.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || e.getKey() <= 0 || e.getValue() < 0) {
                    throw new IllegalArgumentException("memory sizes must be positive and maxima not negative: "
                            + maxUsedBySize);
                }
                bySize.put(e.getKey(), e.getValue());
            }
        }
        for (int max : bySize.values()) {
            maxMemoryUsedMb = Math.max(maxMemoryUsedMb, max);
        }
        maxUsedBySize = Collections.unmodifiableSortedMap(bySize);
        versions = Collections.unmodifiableSortedSet(versions == null ? new TreeSet<>() : new TreeSet<>(versions));
    }

    /** A day from a source that keeps one maximum and no versions: its maximum is at {@code memorySizeMb}. */
    public DailyUsage(String function, LocalDate day, int maxMemoryUsedMb, int memorySizeMb, long invocations,
                      long errors, long timeouts, long outOfMemory, long billedMsSum, double durationMsSum,
                      long coldStarts, Instant lastSeen) {
        this(function, day, maxMemoryUsedMb, memorySizeMb, invocations, errors, timeouts, outOfMemory, billedMsSum,
                durationMsSum, coldStarts, lastSeen, null, null);
    }

    /**
     * This day without the figures Lambda's own metrics give exactly (invocations, errors, billed and duration sums,
     * cold starts, all zero here): what the deployed pipeline stores per batch, since those metrics are read once at
     * evaluation instead (see {@link FunctionMetrics}). The maxima, sizes, versions, out-of-memory and timeout counts
     * stay: no platform metric has them.
     */
    public DailyUsage withoutPlatformMetrics() {
        return new DailyUsage(function, day, maxMemoryUsedMb, memorySizeMb, 0, 0, timeouts, outOfMemory, 0, 0, 0,
                lastSeen, maxUsedBySize, versions);
    }

    /** The configured memory sizes the day's reports ran at. */
    public Set<Integer> sizes() {
        return maxUsedBySize.keySet();
    }

    /** Whether every report of the day ran at {@code memoryMb}: only such a day is evidence for that size. */
    public boolean onlyAt(int memoryMb) {
        return maxUsedBySize.size() == 1 && maxUsedBySize.containsKey(memoryMb);
    }

    /** Whether a published version (anything but {@code $LATEST}) ran that day. */
    public boolean ranPublishedVersion() {
        return versions.stream().anyMatch(v -> !InvocationUsage.LATEST.equals(v));
    }

    /** Whether this is the bucket of reports that carried no time. */
    public boolean undated() {
        return day == null;
    }

    /** Whether the day shows the function at its limit: out of memory, or a peak equal to the configured size. */
    public boolean atMemoryLimit() {
        return outOfMemory > 0 || (memorySizeMb > 0 && maxMemoryUsedMb >= memorySizeMb);
    }

    /**
     * Combines two partial folds of the same function and day (for example two batches); the configured memory
     * is the one of the later report.
     */
    public DailyUsage merge(DailyUsage other) {
        if (!function.equals(other.function) || !Objects.equals(day, other.day)) {
            throw new IllegalArgumentException("cannot merge " + function + "/" + day + " with "
                    + other.function + "/" + other.day);
        }
        boolean otherIsLater = lastSeen == null || (other.lastSeen != null && !other.lastSeen.isBefore(lastSeen));
        TreeMap<Integer, Integer> bySize = new TreeMap<>(maxUsedBySize);
        other.maxUsedBySize.forEach((size, max) -> bySize.merge(size, max, Math::max));
        TreeSet<String> allVersions = new TreeSet<>(versions);
        allVersions.addAll(other.versions);
        return new DailyUsage(function, day,
                Math.max(maxMemoryUsedMb, other.maxMemoryUsedMb),
                otherIsLater ? other.memorySizeMb : memorySizeMb,
                saturatedSum(invocations, other.invocations),
                saturatedSum(errors, other.errors),
                saturatedSum(timeouts, other.timeouts),
                saturatedSum(outOfMemory, other.outOfMemory),
                saturatedSum(billedMsSum, other.billedMsSum),
                durationMsSum + other.durationMsSum,
                saturatedSum(coldStarts, other.coldStarts),
                otherIsLater ? other.lastSeen : lastSeen,
                bySize,
                allVersions);
    }

    /**
     * {@code a + b} for counters that are never negative, held at {@link Long#MAX_VALUE} instead of wrapping: a sum
     * that large is already meaningless, a negative one would fail the fold that produced it.
     */
    public static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
