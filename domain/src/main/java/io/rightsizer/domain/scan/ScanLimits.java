package io.rightsizer.domain.scan;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a scan may press on the account and what it may spend.
 *
 * @param maxConcurrentQueries queries run at once (the account's own quota is shared with everyone else's queries)
 * @param maxScanBytes         stop once the queries scanned this much: no new query starts, running ones are stopped
 * @param pollInterval         pause between two looks at a running query
 * @param capacityWaitFirst    first pause after the account refused a query for its concurrency limit (doubles)
 * @param capacityWaitMax      longest single pause
 * @param capacityWaitBudget   give a query up when the account refused it for this long
 */
public record ScanLimits(int maxConcurrentQueries, long maxScanBytes, Duration pollInterval,
                         Duration capacityWaitFirst, Duration capacityWaitMax, Duration capacityWaitBudget) {

    public ScanLimits {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(capacityWaitFirst, "capacityWaitFirst");
        Objects.requireNonNull(capacityWaitMax, "capacityWaitMax");
        Objects.requireNonNull(capacityWaitBudget, "capacityWaitBudget");
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException("maxConcurrentQueries must be at least 1: " + maxConcurrentQueries);
        }
        if (maxScanBytes <= 0) {
            throw new IllegalArgumentException("maxScanBytes must be positive: " + maxScanBytes);
        }
    }

    /** Real pauses: a look every second, waits for capacity from 1 s doubling to 30 s, for up to 15 minutes per query. */
    public static ScanLimits standard(int maxConcurrentQueries, long maxScanBytes) {
        return new ScanLimits(maxConcurrentQueries, maxScanBytes, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofMinutes(15));
    }
}
