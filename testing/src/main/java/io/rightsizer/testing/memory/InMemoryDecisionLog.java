package io.rightsizer.testing.memory;

import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A {@link DecisionLog} in memory, keyed like the DynamoDB items by function, time and step. */
public final class InMemoryDecisionLog implements DecisionLog {

    private final List<DecisionRecord> entries = new ArrayList<>();

    @Override
    public synchronized void record(DecisionRecord record) {
        boolean known = entries.stream().anyMatch(e -> e.functionArn().equals(record.functionArn())
                && (e.executionArn().equals(record.executionArn()) && e.step() == record.step()
                || e.at().equals(record.at()) && e.step() == record.step()));
        if (!known) {
            entries.add(record);
        }
    }

    @Override
    public synchronized Optional<DecisionRecord> find(String functionArn, String executionArn, DecisionStep step) {
        return ofFunction(functionArn, true).stream()
                .filter(r -> r.executionArn().equals(executionArn) && r.step() == step)
                .findFirst();
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
        Comparator<DecisionRecord> order = Comparator.comparing(DecisionRecord::at)
                .thenComparing(r -> r.step().name());
        return entries.stream().filter(r -> r.functionArn().equals(functionArn))
                .sorted(oldestFirst ? order : order.reversed()).toList();
    }
}
