package io.rightsizer.domain.fold;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.rightsizer.domain.usage.DailyUsage.saturatedSum;

/**
 * Folds invocation reports into one {@link DailyUsage} per (function, UTC day), in memory bounded by functions × days.
 *
 * <p>Not thread-safe: one fold per batch or per input stream.
 */
public final class DailyFold {

    private static final long SECONDS_PER_DAY = 86_400L;

    private final Map<String, Map<Long, Accumulator>> byFunction = new HashMap<>();
    private long reports;
    // The last bucket used: reports come in runs of one function and day, so most need no map lookup.
    private String lastFunction;
    private long lastDay;
    private Accumulator last;

    /** Adds one report to its (function, day) bucket. */
    public void add(InvocationUsage usage) {
        // Epoch days as the key avoid building a LocalDate per report on the hot path.
        long day = usage.time() == null ? Long.MIN_VALUE
                : Math.floorDiv(usage.time().getEpochSecond(), SECONDS_PER_DAY);
        Accumulator acc = last;
        if (acc == null || day != lastDay || !usage.function().equals(lastFunction)) {
            Map<Long, Accumulator> days = byFunction.computeIfAbsent(usage.function(), f -> new HashMap<>());
            Long epochDay = day == Long.MIN_VALUE ? null : day;
            acc = days.get(epochDay);
            if (acc == null) {
                acc = new Accumulator();
                days.put(epochDay, acc);
            }
            last = acc;
            lastDay = day;
            lastFunction = usage.function();
        }
        acc.add(usage);
        reports++;
    }

    /**
     * Adds a second copy of a report already added (the same invocation delivered twice): its peak and its version
     * count, because a maximum is the same however often it is taken; its counters do not, and neither does the number
     * of reports.
     */
    public void addRepeat(InvocationUsage usage) {
        Map<Long, Accumulator> days = byFunction.computeIfAbsent(usage.function(), f -> new HashMap<>());
        Long epochDay = usage.time() == null ? null : Math.floorDiv(usage.time().getEpochSecond(), SECONDS_PER_DAY);
        days.computeIfAbsent(epochDay, k -> new Accumulator()).addPeak(usage);
    }

    /** Adds every day of another fold (for example the fold of one input file into the fold of a whole run). */
    public void addAll(DailyFold other) {
        for (DailyUsage day : other.days()) {
            Map<Long, Accumulator> days = byFunction.computeIfAbsent(day.function(), f -> new HashMap<>());
            Long key = day.day() == null ? null : day.day().toEpochDay();
            days.computeIfAbsent(key, k -> new Accumulator()).merge(day);
        }
        reports = saturatedSum(reports, other.reports);
    }

    /** How many reports were folded in. */
    public long reports() {
        return reports;
    }

    /** How many distinct (function, day) buckets the fold holds. */
    public int size() {
        int n = 0;
        for (Map<Long, Accumulator> days : byFunction.values()) {
            n += days.size();
        }
        return n;
    }

    /** The folded days, ordered by function, then day (the undated bucket first). */
    public List<DailyUsage> days() {
        List<DailyUsage> out = new ArrayList<>(size());
        byFunction.forEach((function, days) -> days.forEach((epochDay, acc) ->
                out.add(acc.toDailyUsage(function, epochDay == null ? null : LocalDate.ofEpochDay(epochDay)))));
        out.sort(Comparator.comparing(DailyUsage::function)
                .thenComparing(DailyUsage::day, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /** The UTC day a point in time falls on. */
    public static LocalDate utcDay(Instant time) {
        return LocalDate.ofInstant(Objects.requireNonNull(time, "time"), ZoneOffset.UTC);
    }

    /** Mutable running figures of one bucket. */
    private static final class Accumulator {
        private int maxMemoryUsedMb;
        private int memorySizeMb;
        private long invocations;
        private long errors;
        private long timeouts;
        private long outOfMemory;
        private long billedMsSum;
        private double durationMsSum;
        private long coldStarts;
        private Instant lastSeen;
        private final TreeMap<Integer, Integer> maxUsedBySize = new TreeMap<>();
        private final TreeSet<String> versions = new TreeSet<>();

        void add(InvocationUsage u) {
            addPeak(u);
            // "Last" configured size: by time where there is one, otherwise by input order.
            if (u.time() == null || lastSeen == null || !u.time().isBefore(lastSeen)) {
                memorySizeMb = u.memorySizeMb();
                if (u.time() != null) {
                    lastSeen = u.time();
                }
            }
            invocations = saturatedSum(invocations, 1);
            if (u.failed()) {
                errors = saturatedSum(errors, 1);
            }
            if (u.timedOut()) {
                timeouts = saturatedSum(timeouts, 1);
            }
            if (u.outOfMemory()) {
                outOfMemory = saturatedSum(outOfMemory, 1);
            }
            billedMsSum = saturatedSum(billedMsSum, u.billedDurationMs());
            durationMsSum += u.durationMs();
            if (u.coldStart()) {
                coldStarts = saturatedSum(coldStarts, 1);
            }
        }

        /** The figures a repeated report may change: the maxima and the versions. */
        void addPeak(InvocationUsage u) {
            if (u.maxMemoryUsedMb() > maxMemoryUsedMb) {
                maxMemoryUsedMb = u.maxMemoryUsedMb();
            }
            maxUsedBySize.merge(u.memorySizeMb(), u.maxMemoryUsedMb(), Math::max);
            if (u.version() != null) {
                versions.add(u.version());
            }
            if (memorySizeMb == 0) {
                memorySizeMb = u.memorySizeMb();
            }
        }

        void merge(DailyUsage d) {
            maxMemoryUsedMb = Math.max(maxMemoryUsedMb, d.maxMemoryUsedMb());
            d.maxUsedBySize().forEach((size, max) -> maxUsedBySize.merge(size, max, Math::max));
            versions.addAll(d.versions());
            if (d.lastSeen() == null || lastSeen == null || !d.lastSeen().isBefore(lastSeen)) {
                memorySizeMb = d.memorySizeMb();
                if (d.lastSeen() != null) {
                    lastSeen = d.lastSeen();
                }
            }
            invocations = saturatedSum(invocations, d.invocations());
            errors = saturatedSum(errors, d.errors());
            timeouts = saturatedSum(timeouts, d.timeouts());
            outOfMemory = saturatedSum(outOfMemory, d.outOfMemory());
            billedMsSum = saturatedSum(billedMsSum, d.billedMsSum());
            durationMsSum += d.durationMsSum();
            coldStarts = saturatedSum(coldStarts, d.coldStarts());
        }

        DailyUsage toDailyUsage(String function, LocalDate day) {
            return new DailyUsage(function, day, maxMemoryUsedMb, memorySizeMb, invocations, errors, timeouts,
                    outOfMemory, billedMsSum, durationMsSum, coldStarts, lastSeen, maxUsedBySize, versions);
        }
    }
}
