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

/** A {@link UsageStore} in memory: the stored day is the merge of every batch's day, as the DynamoDB items are. */
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
                stored.merge(day.day(), day, DailyUsage::merge);
            }
            writes += 2;
        }
        return writes;
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
