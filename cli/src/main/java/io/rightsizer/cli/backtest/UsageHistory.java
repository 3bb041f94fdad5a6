package io.rightsizer.cli.backtest;

import io.rightsizer.domain.fold.DailyFold;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.UsageSink;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a backtest keeps of the logs: the same per-day fold as analyze (what the policy decides from), and per function,
 * day and memory size how many invocations peaked at each size (what a decision is scored against: the day items keep
 * only the maximum, which cannot say how many invocations a smaller size would have failed). Memory grows with
 * functions × days × distinct peaks, never with the number of reports.
 */
final class UsageHistory implements UsageSink {

    private final DailyFold fold = new DailyFold();
    private final Map<String, TreeMap<LocalDate, Map<Integer, DayAtSize>>> byFunction = new HashMap<>();
    private long undated;

    @Override
    public void accept(InvocationUsage usage) {
        if (usage.time() == null) {
            // A window is a span of days: a report without a time belongs to none.
            undated++;
            return;
        }
        fold.add(usage);
        LocalDate day = DailyFold.utcDay(usage.time());
        byFunction.computeIfAbsent(usage.function(), f -> new TreeMap<>())
                .computeIfAbsent(day, d -> new HashMap<>())
                .computeIfAbsent(usage.memorySizeMb(), DayAtSize::new)
                .add(usage);
    }

    /** Reports skipped because they carry no time. */
    long undated() {
        return undated;
    }

    /** The first and last day with a dated report, if any. */
    Optional<LocalDate[]> span() {
        LocalDate first = null;
        LocalDate last = null;
        for (TreeMap<LocalDate, ?> days : byFunction.values()) {
            first = first == null || days.firstKey().isBefore(first) ? days.firstKey() : first;
            last = last == null || days.lastKey().isAfter(last) ? days.lastKey() : last;
        }
        return first == null ? Optional.empty() : Optional.of(new LocalDate[] {first, last});
    }

    /** Every function's folded days, by function name, oldest first. */
    Map<String, List<DailyUsage>> days() {
        Map<String, List<DailyUsage>> out = new TreeMap<>();
        for (DailyUsage d : fold.days()) {
            out.computeIfAbsent(d.function(), f -> new ArrayList<>()).add(d);
        }
        return out;
    }

    /** One function's invocations by size, day by day from {@code from} to {@code to}, both included. */
    List<DayAtSize> invocations(String function, LocalDate from, LocalDate to) {
        List<DayAtSize> out = new ArrayList<>();
        TreeMap<LocalDate, Map<Integer, DayAtSize>> days = byFunction.get(function);
        if (days != null) {
            days.subMap(from, true, to, true).values().forEach(sizes -> out.addAll(sizes.values()));
        }
        return out;
    }

    /** One day's invocations at one configured size. */
    static final class DayAtSize {
        private final int memorySizeMb;
        /** Invocations by peak, for those that did not run out of memory (their peak is what they needed). */
        private final TreeMap<Integer, Long> byPeak = new TreeMap<>();
        private long outOfMemory;
        private long invocations;
        private long billedMs;

        DayAtSize(int memorySizeMb) {
            this.memorySizeMb = memorySizeMb;
        }

        void add(InvocationUsage u) {
            invocations++;
            billedMs += u.billedDurationMs();
            if (u.outOfMemory()) {
                outOfMemory++;
            } else {
                byPeak.merge(u.maxMemoryUsedMb(), 1L, Long::sum);
            }
        }

        int memorySizeMb() {
            return memorySizeMb;
        }

        long invocations() {
            return invocations;
        }

        long billedMs() {
            return billedMs;
        }

        long outOfMemory() {
            return outOfMemory;
        }

        /** The highest peak measured (out-of-memory invocations count at their size, the least they needed). */
        int peakMb() {
            int measured = byPeak.isEmpty() ? 0 : byPeak.lastKey();
            return outOfMemory > 0 ? Math.max(measured, memorySizeMb) : measured;
        }

        /**
         * Invocations that certainly need more than {@code sizeMb}: those that peaked above it, and those that ran out
         * of memory at a size at or above it.
         */
        long certainlyOutOfMemoryAt(int sizeMb) {
            long above = byPeak.tailMap(sizeMb, false).values().stream().mapToLong(Long::longValue).sum();
            return above + (memorySizeMb >= sizeMb ? outOfMemory : 0);
        }

        /** Invocations that ran out of memory at a size below {@code sizeMb}: whether it would have been enough is unknown. */
        long unknownAt(int sizeMb) {
            return memorySizeMb < sizeMb ? outOfMemory : 0;
        }
    }
}
