package io.rightsizer.cli.backtest;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A span of whole UTC days.
 *
 * @param first the first day
 * @param last  the last day, not before the first
 */
public record DaySpan(LocalDate first, LocalDate last) {

    public DaySpan {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("a span ends on or after its first day: " + first + ".." + last);
        }
    }

    /** Days in the span, both ends included. */
    public int days() {
        return (int) ChronoUnit.DAYS.between(first, last) + 1;
    }

    /** Whether {@code day} falls in the span. */
    public boolean contains(LocalDate day) {
        return day != null && !day.isBefore(first) && !day.isAfter(last);
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}
