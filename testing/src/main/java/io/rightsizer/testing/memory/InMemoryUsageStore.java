package io.rightsizer.testing.memory;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link UsageStore} in memory: the stored day is the merge of every batch's day, as the DynamoDB items are, and a
 * batch costs the writes the DynamoDB store would make for it (none when it can change nothing stored).
 */
public final class InMemoryUsageStore implements UsageStore {

    private final Map<String, TreeMap<LocalDate, DailyUsage>> byFunction = new ConcurrentHashMap<>();

    @Override
    public int record(Collection<DailyUsage> days) {
        for (DailyUsage day : days) {
            if (day.undated()) {
                throw new IllegalArgumentException("undated usage cannot be stored: " + day.function());
            }
        }
        int writes = 0;
        for (DailyUsage day : days) {
            TreeMap<LocalDate, DailyUsage> stored = byFunction.computeIfAbsent(day.function(), f -> new TreeMap<>());
            synchronized (stored) {
                writes += writesFor(stored.get(day.day()), day);
                stored.merge(day.day(), day, DailyUsage::merge);
            }
        }
        return writes;
    }

    /** As the DynamoDB store counts: one write per size whose maximum rises, one for the rest of what is new. */
    private static int writesFor(DailyUsage stored, DailyUsage day) {
        int writes = 0;
        for (Map.Entry<Integer, Integer> atSize : day.maxUsedBySize().entrySet()) {
            Integer known = stored == null ? null : stored.maxUsedBySize().get(atSize.getKey());
            if (known == null || known < atSize.getValue()) {
                writes++;
            }
        }
        boolean counters = day.invocations() > 0 || day.errors() > 0 || day.timeouts() > 0 || day.outOfMemory() > 0
                || day.billedMsSum() > 0 || day.durationMsSum() > 0 || day.coldStarts() > 0;
        boolean versions = stored == null ? !day.versions().isEmpty() : !stored.versions().containsAll(day.versions());
        boolean size = stored == null || stored.memorySizeMb() != day.memorySizeMb();
        return writes + ((counters || ((versions || size) && writes == 0)) ? 1 : 0);
    }

    @Override
    public List<DailyUsage> readDays(String functionArn, LocalDate fromInclusive, LocalDate toInclusive) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        TreeMap<LocalDate, DailyUsage> stored = byFunction.get(functionArn);
        if (stored == null || toInclusive.isBefore(fromInclusive)) {
            return List.of();
        }
        synchronized (stored) {
            return new ArrayList<>(stored.subMap(fromInclusive, true, toInclusive, true).values());
        }
    }
}
