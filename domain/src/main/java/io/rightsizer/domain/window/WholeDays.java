package io.rightsizer.domain.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The whole UTC days inside {@code [start, end)}: usage is kept per UTC day, so a day that began before a window (or
 * ends after it) holds traffic from outside it and is no evidence of it.
 *
 * @param first the first whole day
 * @param last  the last whole day; before {@code first} when no whole day fits
 */
public record WholeDays(LocalDate first, LocalDate last) {

    public WholeDays {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
    }

    /** The whole UTC days from {@code start} (inclusive) to {@code end} (exclusive). */
    public static WholeDays within(Instant start, Instant end) {
        return new WholeDays(firstFrom(start), day(end).minusDays(1));
    }

    /** The first UTC day that begins at or after {@code start}. */
    public static LocalDate firstFrom(Instant start) {
        LocalDate startDay = day(start);
        return startDay.atStartOfDay(ZoneOffset.UTC).toInstant().equals(start) ? startDay : startDay.plusDays(1);
    }

    /** Whether no whole day fits. */
    public boolean isEmpty() {
        return last.isBefore(first);
    }

    /** How many whole days there are. */
    public long count() {
        return isEmpty() ? 0 : last.toEpochDay() - first.toEpochDay() + 1;
    }

    /** The UTC day an instant falls on. */
    public static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
