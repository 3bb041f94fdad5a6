package io.rightsizer.domain.scan;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns usage rows into each function's days: a row belongs to the function its log stream names (custom, possibly
 * shared, log groups) or, in a function's default log group, to that function; rows of the same day merge into one
 * {@link DailyUsage} exactly as the daily fold would have merged the reports one by one.
 *
 * <p>Thread-safe: the queries of a scan add their rows as they complete.
 */
public final class FleetUsage {

    private final ScanWindow window;
    /** Log group, then function name: the functions that write to each log group. */
    private final Map<String, Map<String, ListedFunction>> byGroup = new HashMap<>();
    private final Map<String, TreeMap<LocalDate, DailyUsage>> days = new HashMap<>();
    private final Map<String, SortedSet<Integer>> memorySizes = new HashMap<>();
    private long unattributed;

    public FleetUsage(Collection<ListedFunction> functions, ScanWindow window) {
        this.window = Objects.requireNonNull(window, "window");
        for (ListedFunction f : functions) {
            byGroup.computeIfAbsent(f.logGroup(), g -> new HashMap<>()).put(f.name(), f);
        }
    }

    /** Adds a completed query's rows; rows outside the window or of no function scanned are dropped (and counted). */
    public synchronized void add(Collection<UsageRow> rows) {
        for (UsageRow row : rows) {
            ListedFunction function = owner(row);
            if (function == null) {
                unattributed += row.invocations();
                continue;
            }
            if (!window.contains(row.day())) {
                continue;
            }
            memorySizes.computeIfAbsent(function.name(), f -> new TreeSet<>()).add(row.memorySizeMb());
            days.computeIfAbsent(function.name(), f -> new TreeMap<>())
                    .merge(row.day(), toDailyUsage(function.name(), row), DailyUsage::merge);
        }
    }

    /** Forgets a function's rows (its data is incomplete: one of its queries failed). */
    public synchronized void forget(String function) {
        days.remove(function);
        memorySizes.remove(function);
    }

    /** Each function's days in the window, ordered by day; functions without reports are absent. */
    public synchronized Map<String, List<DailyUsage>> days() {
        Map<String, List<DailyUsage>> out = new TreeMap<>();
        days.forEach((function, byDay) -> out.put(function, List.copyOf(byDay.values())));
        return Collections.unmodifiableMap(out);
    }

    /** The configured memory sizes a function's reports showed, ascending. */
    public synchronized List<Integer> memorySizes(String function) {
        return List.copyOf(memorySizes.getOrDefault(function, new TreeSet<>()));
    }

    /** Reports read that belong to no function of the scan (another function's streams in a shared log group). */
    public synchronized long unattributedReports() {
        return unattributed;
    }

    private ListedFunction owner(UsageRow row) {
        Map<String, ListedFunction> writers = byGroup.get(row.logGroup());
        if (writers == null) {
            return null;
        }
        if (!row.streamFunction().isEmpty()) {
            return writers.get(row.streamFunction());
        }
        // A default log group's streams do not name the function: the group's name does.
        for (ListedFunction f : writers.values()) {
            if (f.logsToDefaultGroup()) {
                return f;
            }
        }
        return null;
    }

    private static DailyUsage toDailyUsage(String function, UsageRow row) {
        // One report standing for the row's outcome: the domain's own rules say what counts as failed, timed out
        // and out of memory, so a row is classified exactly like each of its reports would have been.
        InvocationUsage outcome = new InvocationUsage(function, row.lastSeen(), null, row.status(), row.errorType(),
                0, 0, row.memorySizeMb(), row.maxMemoryUsedMb(), null, null);
        long n = row.invocations();
        return new DailyUsage(function, row.day(), row.maxMemoryUsedMb(), row.memorySizeMb(), n,
                outcome.failed() ? n : 0, outcome.timedOut() ? n : 0, outcome.outOfMemory() ? n : 0,
                row.billedMsSum(), row.durationMsSum(), row.coldStarts(), row.lastSeen());
    }

    /** The functions of a log group, for reporting which functions a failed query leaves unread. */
    public List<String> functionsOf(Collection<String> logGroups) {
        List<String> names = new ArrayList<>();
        for (String group : logGroups) {
            names.addAll(byGroup.getOrDefault(group, Map.of()).keySet());
        }
        Collections.sort(names);
        return names;
    }
}
