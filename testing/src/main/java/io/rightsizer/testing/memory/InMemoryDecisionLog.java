package io.rightsizer.testing.memory;

import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link DecisionLog} in memory, keyed like the DynamoDB items by function, time, step and intent. */
public final class InMemoryDecisionLog implements DecisionLog {

    private final List<DecisionRecord> entries = new ArrayList<>();

    @Override
    public synchronized void record(DecisionRecord record) {
        boolean intent = record.status() == DecisionStatus.INTENDED;
        boolean known = entries.stream().anyMatch(e -> e.functionArn().equals(record.functionArn())
                && (e.sameChange(record.executionArn(), record.step(), record.fromMemoryMb(), record.toMemoryMb())
                        && (intent || e.status().isFinal())
                || e.at().equals(record.at()) && e.step() == record.step()
                        && (e.status() == DecisionStatus.INTENDED) == intent));
        if (!known) {
            entries.add(record);
        }
    }

    @Override
    public synchronized List<DecisionRecord> ofExecution(String functionArn, String executionArn) {
        return ofFunction(functionArn, true).stream().filter(r -> r.executionArn().equals(executionArn)).toList();
    }

    @Override
    public synchronized List<DecisionRecord> recent(String functionArn, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        List<DecisionRecord> newestFirst = ofFunction(functionArn, false);
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    private List<DecisionRecord> ofFunction(String functionArn, boolean oldestFirst) {
        // The DynamoDB sort key: time, then step, then an intent after the outcome of the same millisecond.
        Comparator<DecisionRecord> order = Comparator.comparing(DecisionRecord::at)
                .thenComparing(r -> r.step().name())
                .thenComparing(r -> r.status() == DecisionStatus.INTENDED);
        return entries.stream().filter(r -> r.functionArn().equals(functionArn))
                .sorted(oldestFirst ? order : order.reversed()).toList();
    }
}
