package io.rightsizer.domain.scan;

import io.rightsizer.domain.usage.DailyUsage;

import java.util.List;
import java.util.Map;

/**
 * What a scan read.
 *
 * @param usage           each read function's days in the window (functions without reports are absent)
 * @param memorySizes     the configured sizes each read function's reports showed, ascending
 * @param unread          the functions it could not read, ordered by name
 * @param bytesScanned    what its queries scanned (what it is billed for)
 * @param queries         how many queries it ran
 * @param withoutMemory   reports read that carry no memory figures (Lambda Managed Instances)
 * @param unattributed    reports read that belong to no function of the scan
 */
public record ScanResult(Map<String, List<DailyUsage>> usage, Map<String, List<Integer>> memorySizes,
                         List<UnreadFunction> unread, long bytesScanned, int queries, long withoutMemory,
                         long unattributed) {

    public ScanResult {
        usage = Map.copyOf(usage);
        memorySizes = Map.copyOf(memorySizes);
        unread = List.copyOf(unread);
    }
}
