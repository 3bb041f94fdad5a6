package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

import java.time.Instant;
import java.util.List;

/**
 * Turns the fields of one report into a usage record for the reader's output, or counts why it cannot be one
 * (Managed Instances without memory figures, no function, a figure out of range).
 */
final class ReportEmitter {

    /** Where finished usage records go, in input order. */
    @FunctionalInterface
    interface Out {
        void report(InvocationUsage usage);

        /** Takes the records of a whole segment, in order, with their {@link DuplicateFilter} fingerprints. */
        default void reportAll(List<InvocationUsage> usages, long[] fingerprints) {
            for (InvocationUsage usage : usages) {
                report(usage);
            }
        }
    }

    /** The function of a record whose frame did not name one yet (an enclosing JSON object may still do so). */
    static final String UNRESOLVED = new String("\u0000unresolved");

    private final String defaultFunction;
    private final ParseStats stats;
    private final Out out;

    ReportEmitter(String defaultFunction, ParseStats stats, Out out) {
        this.defaultFunction = defaultFunction;
        this.stats = stats;
        this.out = out;
    }

    ParseStats stats() {
        return stats;
    }

    /**
     * Builds the record, booked to {@code function} ({@link #UNRESOLVED} while the caller may still learn it);
     * returns {@code null} and counts a Managed Instances report when the record cannot size memory, and
     * throws {@link IllegalArgumentException} naming the problem when the report is broken.
     */
    InvocationUsage build(ReportFields f, String function, Instant time) {
        if (!f.complete()) {
            if (f.managedInstances()) {
                stats.count(ParseStats.MANAGED_INSTANCES_REPORT);
                return null;
            }
            throw new IllegalArgumentException(f.problem());
        }
        return f.toUsage(function, time);
    }

    /** Hands a record over, booking it to the default function when its frame named none. */
    void deliver(InvocationUsage usage) {
        if (usage.function() == UNRESOLVED) {
            if (defaultFunction == null) {
                stats.count(ParseStats.NO_FUNCTION);
                return;
            }
            usage = usage.withFunction(defaultFunction);
        }
        out.report(usage);
    }

    /**
     * Builds and hands over a report whose frame is complete; returns {@code null} when done, or what was wrong
     * with it (the caller records it as malformed with its own excerpt).
     */
    String emit(ReportFields f, String function, Instant time) {
        InvocationUsage usage;
        try {
            // A frame read whole needs no placeholder: book it to the default at once (one record, not two).
            String owner = function != null ? function : defaultFunction != null ? defaultFunction : UNRESOLVED;
            usage = build(f, owner, time);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (usage != null) {
            deliver(usage);
        }
        return null;
    }
}
