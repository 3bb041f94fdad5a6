package io.rightsizer.domain.scan;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The whole UTC days a scan reads: the {@code days} days before today. Today is left out because it is not over: its
 * daily maximum would be a partial one and pull the average of the daily maxima down.
 *
 * @param firstDay the first day read
 * @param lastDay  the last day read (yesterday)
 */
public record ScanWindow(LocalDate firstDay, LocalDate lastDay) {

    /** The most days a scan reads. */
    public static final int MAX_DAYS = 365;

    public ScanWindow {
        if (firstDay.isAfter(lastDay)) {
            throw new IllegalArgumentException("window ends before it starts: " + firstDay + " .. " + lastDay);
        }
    }

    /** The {@code days} whole UTC days before today by {@code clock}. */
    public static ScanWindow lastDays(int days, Clock clock) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be 1.." + MAX_DAYS + ": " + days);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new ScanWindow(today.minusDays(days), today.minusDays(1));
    }

    /** How many days the window holds. */
    public int days() {
        return (int) (lastDay.toEpochDay() - firstDay.toEpochDay() + 1);
    }

    /** The start of the first day. */
    public Instant from() {
        return firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The end of the range a query reads, inclusive: midnight after the last day. (Query ranges end on a whole
     * second, inclusive; ending a second earlier would lose the last second's reports, so the few reports written at
     * exactly midnight are read and then dropped by {@link #contains}.)
     */
    public Instant to() {
        return lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether a day belongs to the window. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(firstDay) && !day.isAfter(lastDay);
    }
}
