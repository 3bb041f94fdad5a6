package io.rightsizer.domain.scan;

import java.util.List;
import java.util.Objects;

/**
 * What a usage query has done so far.
 *
 * @param status            where the query is
 * @param rows              its result rows (complete only when {@code status} is {@link QueryStatus#COMPLETE})
 * @param resultRows        how many rows the service returned, rows without memory figures included
 * @param withoutMemory     reports read that carry no memory figures (Lambda Managed Instances): counted, not sized
 * @param bytesScanned      the bytes the query has scanned so far (what it is billed for)
 */
public record QueryProgress(QueryStatus status, List<UsageRow> rows, int resultRows, long withoutMemory,
                            long bytesScanned) {

    public QueryProgress {
        Objects.requireNonNull(status, "status");
        rows = List.copyOf(rows);
        if (resultRows < rows.size() || withoutMemory < 0 || bytesScanned < 0) {
            throw new IllegalArgumentException("inconsistent query progress");
        }
    }
}
