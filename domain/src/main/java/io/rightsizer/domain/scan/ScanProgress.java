package io.rightsizer.domain.scan;

/**
 * How far a scan is, for a progress display.
 *
 * @param queriesDone     queries finished (in any way)
 * @param queriesTotal    queries planned so far (a split adds some)
 * @param bytesScanned    bytes scanned so far by finished and running queries
 * @param waitingCapacity whether a query waits because the account runs as many queries as it may
 */
public record ScanProgress(int queriesDone, int queriesTotal, long bytesScanned, boolean waitingCapacity) {
}
