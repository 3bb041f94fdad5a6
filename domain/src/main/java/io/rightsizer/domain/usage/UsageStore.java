package io.rightsizer.domain.usage;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/** Keeps one usage item per (function ARN, UTC day) and reads a window of them back. */
public interface UsageStore {

    /**
     * Adds a batch's folded days to the stored ones: per (function, day) one conditional write for the maximum and
     * one for the counters, never one write per report. Undated days are rejected: the deployed pipeline always
     * knows the time.
     *
     * @return the number of write requests made (conditional writes that lost count too)
     */
    int record(Collection<DailyUsage> days);

    /** The stored days of one function from {@code fromInclusive} to {@code toInclusive}, oldest first. */
    List<DailyUsage> readDays(String functionArn, LocalDate fromInclusive, LocalDate toInclusive);
}
