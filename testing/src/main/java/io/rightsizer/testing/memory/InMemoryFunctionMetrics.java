package io.rightsizer.testing.memory;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.FunctionMetrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FunctionMetrics} in memory: what Lambda would have published, summed per function name and UTC day. */
public final class InMemoryFunctionMetrics implements FunctionMetrics {

    private final Map<String, TreeMap<LocalDate, DailyMetrics>> byName = new ConcurrentHashMap<>();

    /** Records what Lambda publishes for invocations of the function at {@code time}. */
    public void publish(String functionName, Instant time, long invocations, long errors, double durationMsSum) {
        TreeMap<LocalDate, DailyMetrics> days = byName.computeIfAbsent(functionName, n -> new TreeMap<>());
        synchronized (days) {
            days.merge(LocalDate.ofInstant(time, ZoneOffset.UTC), new DailyMetrics(invocations, errors,
                    durationMsSum), (a, b) -> new DailyMetrics(a.invocations() + b.invocations(),
                    a.errors() + b.errors(), a.durationMsSum() + b.durationMsSum()));
        }
    }

    @Override
    public Map<LocalDate, DailyMetrics> daily(String functionArn, LocalDate fromInclusive, LocalDate toInclusive) {
        TreeMap<LocalDate, DailyMetrics> days = byName.get(FunctionRef.fromArn(functionArn).functionName());
        if (days == null || toInclusive.isBefore(fromInclusive)) {
            return Map.of();
        }
        synchronized (days) {
            return new TreeMap<>(days.subMap(fromInclusive, true, toInclusive, true));
        }
    }
}
