package io.rightsizer.domain.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stored days as the policy and Verify need them: maxima per size, versions, out-of-memory and timeout counts from
 * the store, and invocations, errors and durations from the platform's metrics wherever those have the day (the stored
 * counters otherwise). Recording goes to the store unchanged.
 *
 * <p>Billed milliseconds are the day's duration sum: Lambda bills duration rounded up to the millisecond, so the sum is
 * under the bill by less than one millisecond per invocation (and leaves out billed init time); it only feeds the
 * cost estimate, never a decision.
 */
public final class UsageWithMetrics implements UsageStore {

    private final UsageStore store;
    private final FunctionMetrics metrics;

    public UsageWithMetrics(UsageStore store, FunctionMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public int record(Collection<DailyUsage> days) {
        return store.record(days);
    }

    @Override
    public List<DailyUsage> readDays(String functionArn, LocalDate fromInclusive, LocalDate toInclusive) {
        List<DailyUsage> stored = store.readDays(functionArn, fromInclusive, toInclusive);
        if (stored.isEmpty()) {
            return stored;
        }
        Map<LocalDate, FunctionMetrics.DailyMetrics> daily = metrics.daily(functionArn, fromInclusive, toInclusive);
        List<DailyUsage> out = new ArrayList<>(stored.size());
        for (DailyUsage d : stored) {
            FunctionMetrics.DailyMetrics m = daily.get(d.day());
            out.add(m == null ? d : new DailyUsage(d.function(), d.day(), d.maxMemoryUsedMb(), d.memorySizeMb(),
                    m.invocations(), m.errors(), d.timeouts(), d.outOfMemory(), (long) Math.ceil(m.durationMsSum()),
                    m.durationMsSum(), d.coldStarts(), d.lastSeen(), d.maxUsedBySize(), d.versions()));
        }
        return out;
    }
}
