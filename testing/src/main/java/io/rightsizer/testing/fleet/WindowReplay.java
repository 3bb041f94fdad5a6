package io.rightsizer.testing.fleet;

import java.util.Arrays;

/**
 * A function's demand over a range of days, ready to be replayed at any memory size: which invocations would run
 * out of memory and what the billed time would cost.
 */
public final class WindowReplay {

    private final int[] sortedNeeds;
    private final long billedMs;

    private WindowReplay(int[] sortedNeeds, long billedMs) {
        this.sortedNeeds = sortedNeeds;
        this.billedMs = billedMs;
    }

    /** The demand of days {@code [fromDay, toDay)}. */
    public static WindowReplay of(FleetFunction f, int fromDay, int toDay) {
        int[][] needs = new int[toDay - fromDay][];
        long billed = 0;
        int total = 0;
        for (int day = fromDay; day < toDay; day++) {
            DayDemand d = f.day(day);
            needs[day - fromDay] = d.needMb();
            total += d.invocations();
            for (double ms : d.durationMs()) {
                billed += DayDemand.billedMs(ms);
            }
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] day : needs) {
            System.arraycopy(day, 0, all, at, day.length);
            at += day.length;
        }
        Arrays.sort(all);
        return new WindowReplay(all, billed);
    }

    /** Invocations in the range. */
    public int invocations() {
        return sortedNeeds.length;
    }

    /** The highest need in the range, 0 without invocations. */
    public int peakMb() {
        return sortedNeeds.length == 0 ? 0 : sortedNeeds[sortedNeeds.length - 1];
    }

    /** Invocations that would run out of memory at {@code sizeMb}: those that need more. */
    public int outOfMemory(int sizeMb) {
        // The first index whose need exceeds sizeMb.
        int low = 0;
        int high = sortedNeeds.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sortedNeeds[mid] <= sizeMb) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return sortedNeeds.length - low;
    }

    /** Billed milliseconds in the range (the same at any size: durations do not depend on memory here). */
    public long billedMs() {
        return billedMs;
    }

    /** Billed GB-seconds at {@code sizeMb}. */
    public double gbSeconds(int sizeMb) {
        return billedMs / 1000.0 * sizeMb / 1024.0;
    }
}
