package io.rightsizer.domain.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which queries a scan runs: the log groups of the functions to size, batched per report format within the query
 * limits (log groups per query, result rows per query), with what they are expected to scan.
 *
 * @param window     the days read
 * @param functions  the functions whose log group exists, by name
 * @param batches    the queries to run
 * @param withoutLogs the functions whose log group does not exist (never invoked, or their logs were deleted)
 */
public record ScanPlan(ScanWindow window, Map<String, ListedFunction> functions, List<QueryBatch> batches,
                       List<ListedFunction> withoutLogs) {

    /**
     * Result rows one function adds per day: one per memory size and outcome seen that day (a steady function has
     * one; a day with a size change, errors and a timeout has a few).
     */
    static final int ROWS_PER_FUNCTION_DAY = 4;
    /** The rows a batch is planned to stay under, well below what a query returns at most. */
    static final int ROW_BUDGET = ReportQueries.MAX_ROWS * 8 / 10;

    public ScanPlan {
        Objects.requireNonNull(window, "window");
        functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        batches = List.copyOf(batches);
        withoutLogs = List.copyOf(withoutLogs);
    }

    /**
     * Plans the scan of {@code functions}.
     *
     * @param logGroups the existing log groups among those the functions write to, by name
     * @param now       the time the estimate is made at (a young log group holds fewer days)
     */
    public static ScanPlan of(Collection<ListedFunction> functions, Map<String, LogGroupInfo> logGroups,
                              ScanWindow window, Instant now) {
        Map<String, ListedFunction> readable = new LinkedHashMap<>();
        List<ListedFunction> withoutLogs = new ArrayList<>();
        // Per format, per log group: how many functions read from it (shared log groups hold several).
        Map<LogFormat, TreeMap<String, Integer>> groups = new TreeMap<>();
        for (ListedFunction f : functions) {
            if (!logGroups.containsKey(f.logGroup())) {
                withoutLogs.add(f);
                continue;
            }
            readable.put(f.name(), f);
            groups.computeIfAbsent(f.logFormat(), k -> new TreeMap<>()).merge(f.logGroup(), 1, Integer::sum);
        }
        List<QueryBatch> batches = new ArrayList<>();
        int rowsPerFunction = window.days() * ROWS_PER_FUNCTION_DAY;
        for (Map.Entry<LogFormat, TreeMap<String, Integer>> format : groups.entrySet()) {
            List<String> batch = new ArrayList<>();
            long rows = 0;
            long bytes = 0;
            for (Map.Entry<String, Integer> group : format.getValue().entrySet()) {
                long groupRows = (long) group.getValue() * rowsPerFunction;
                if (!batch.isEmpty() && (batch.size() == ReportQueries.MAX_LOG_GROUPS || rows + groupRows > ROW_BUDGET)) {
                    batches.add(new QueryBatch(format.getKey(), batch, bytes));
                    batch = new ArrayList<>();
                    rows = 0;
                    bytes = 0;
                }
                batch.add(group.getKey());
                rows += groupRows;
                bytes += logGroups.get(group.getKey()).estimatedBytes(window.days(), now);
            }
            if (!batch.isEmpty()) {
                batches.add(new QueryBatch(format.getKey(), batch, bytes));
            }
        }
        return new ScanPlan(window, readable, batches, withoutLogs);
    }

    /** What the whole scan is expected to scan. */
    public long estimatedBytes() {
        return batches.stream().mapToLong(QueryBatch::estimatedBytes).sum();
    }

    /** How many distinct log groups the scan reads. */
    public long logGroupCount() {
        return batches.stream().flatMap(b -> b.logGroups().stream()).distinct().count();
    }

    /** The functions that write to a log group, of any format. */
    public List<ListedFunction> functionsOf(String logGroup) {
        return functions.values().stream().filter(f -> f.logGroup().equals(logGroup)).toList();
    }
}
