package io.rightsizer.domain.window;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which of a window's days may size a function at its current memory: a day's reports at 512 MB say nothing about
 * 1024 MB, and a day on which the configured size changed is evidence for neither size. Also what the days say about
 * where the traffic ran (published versions keep their own memory).
 *
 * @param memoryMb          the size the evidence is about
 * @param days              the days whose every report ran at {@code memoryMb}
 * @param otherSizeDays     days that ran at one other size only
 * @param mixedDays         days that ran at more than one size (the size changed that day)
 * @param otherSizes        every other size the window ran at
 * @param publishedVersions the published versions (not {@code $LATEST}) that ran on any day of the window
 */
public record WindowEvidence(int memoryMb, List<DailyUsage> days, List<DailyUsage> otherSizeDays,
                             List<DailyUsage> mixedDays, SortedSet<Integer> otherSizes,
                             SortedSet<String> publishedVersions) {

    public WindowEvidence {
        days = List.copyOf(days);
        otherSizeDays = List.copyOf(otherSizeDays);
        mixedDays = List.copyOf(mixedDays);
        otherSizes = Collections.unmodifiableSortedSet(new TreeSet<>(otherSizes));
        publishedVersions = Collections.unmodifiableSortedSet(new TreeSet<>(publishedVersions));
    }

    /** Sorts the window's days (days without invocations say nothing and are left out). */
    public static WindowEvidence at(int memoryMb, Collection<DailyUsage> windowDays) {
        List<DailyUsage> at = new ArrayList<>();
        List<DailyUsage> other = new ArrayList<>();
        List<DailyUsage> mixed = new ArrayList<>();
        TreeSet<Integer> sizes = new TreeSet<>();
        TreeSet<String> versions = new TreeSet<>();
        for (DailyUsage day : windowDays) {
            if (day.invocations() == 0) {
                continue;
            }
            day.versions().stream().filter(v -> !InvocationUsage.LATEST.equals(v)).forEach(versions::add);
            if (day.onlyAt(memoryMb)) {
                at.add(day);
                continue;
            }
            day.sizes().stream().filter(size -> size != memoryMb).forEach(sizes::add);
            (day.sizes().size() > 1 ? mixed : other).add(day);
        }
        return new WindowEvidence(memoryMb, at, other, mixed, sizes, versions);
    }

    /** Whether the window also ran at other sizes: someone other than Rightsizer changed the memory during it. */
    public boolean sizeChanged() {
        return !otherSizeDays.isEmpty() || !mixedDays.isEmpty();
    }

    /** Whether traffic ran on published versions, which {@code UpdateFunctionConfiguration} does not change. */
    public boolean ranPublishedVersions() {
        return !publishedVersions.isEmpty();
    }

    /** Why some days were left out, in one clause; empty when every day ran at {@link #memoryMb}. */
    public String note() {
        if (!sizeChanged()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (!otherSizeDays.isEmpty()) {
            parts.add(days(otherSizeDays.size()) + " at " + String.join(" and ",
                    otherSizes.stream().map(s -> s + " MB").toList()));
        }
        if (!mixedDays.isEmpty()) {
            parts.add(days(mixedDays.size()) + " at more than one size");
        }
        return "the memory was changed outside Rightsizer during the window (" + String.join(", ", parts)
                + ", left out: evidence at one size says nothing about another); deciding from the "
                + days(days.size()) + " at " + memoryMb + " MB only";
    }

    private static String days(int n) {
        return n + " day" + (n == 1 ? "" : "s");
    }
}
