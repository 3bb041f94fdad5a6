package io.rightsizer.domain.scan;

import java.time.Instant;
import java.util.Objects;

/**
 * A log group as CloudWatch Logs describes it: enough to estimate what querying part of it scans.
 *
 * @param name          the log group's name
 * @param storedBytes   the bytes it stores over its whole retention
 * @param retentionDays how many days it keeps events, or {@code null} when it keeps them forever
 * @param created       when it was created, or {@code null} when not reported
 */
public record LogGroupInfo(String name, long storedBytes, Integer retentionDays, Instant created) {

    public LogGroupInfo {
        Objects.requireNonNull(name, "name");
        if (storedBytes < 0) {
            throw new IllegalArgumentException("storedBytes must not be negative: " + storedBytes);
        }
        if (retentionDays != null && retentionDays <= 0) {
            throw new IllegalArgumentException("retentionDays must be positive: " + retentionDays);
        }
    }

    /**
     * The bytes a query of the last {@code days} days is expected to scan: the stored bytes spread evenly over the
     * days the group holds (its retention, or its age when younger), at most all of them.
     */
    public long estimatedBytes(int days, Instant now) {
        double heldDays = retentionDays == null ? Double.MAX_VALUE : retentionDays;
        if (created != null) {
            double ageDays = Math.max(1.0, (now.toEpochMilli() - created.toEpochMilli()) / 86_400_000.0);
            heldDays = Math.min(heldDays, ageDays);
        }
        if (heldDays == Double.MAX_VALUE) {
            // Kept forever and of unknown age: assume the worst, that all of it falls in the window.
            return storedBytes;
        }
        double share = Math.min(1.0, days / heldDays);
        return (long) Math.ceil(storedBytes * share);
    }
}
