package io.rightsizer.extension;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Bounded FIFO of serialised reports: when full it drops the oldest and counts them, so it never grows. */
final class ReportBuffer {

    private final ArrayDeque<String> reports = new ArrayDeque<>();
    private final int capacity;
    private final Counters counters;

    ReportBuffer(int capacity, Counters counters) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.counters = counters;
    }

    /** Adds a report; returns the size afterwards. */
    synchronized int add(String reportJson) {
        reports.addLast(reportJson);
        trim();
        return reports.size();
    }

    /** Removes and returns up to {@code max} of the oldest reports. */
    synchronized List<String> take(int max) {
        List<String> out = new ArrayList<>(Math.min(max, reports.size()));
        while (out.size() < max && !reports.isEmpty()) {
            out.add(reports.pollFirst());
        }
        return out;
    }

    /** Puts reports that could not be shipped back in front (they are the oldest), dropping oldest beyond capacity. */
    synchronized void putBack(List<String> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            reports.addFirst(unsent.get(i));
        }
        trim();
    }

    synchronized int size() {
        return reports.size();
    }

    private void trim() {
        while (reports.size() > capacity) {
            reports.pollFirst();
            counters.dropped.incrementAndGet();
        }
    }
}
