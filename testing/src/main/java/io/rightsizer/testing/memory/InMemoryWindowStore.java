package io.rightsizer.testing.memory;

import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowState;
import io.rightsizer.domain.window.WindowStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link WindowStore} in memory with the conditions of the DynamoDB one; every method is atomic. */
public final class InMemoryWindowStore implements WindowStore {

    private final Map<String, WindowClaim> claims = new HashMap<>();

    @Override
    public synchronized Optional<WindowClaim> read(String functionArn) {
        return Optional.ofNullable(claims.get(functionArn));
    }

    @Override
    public synchronized boolean claim(WindowClaim next, Long previousCycle, Instant claimedAt) {
        WindowClaim current = claims.get(next.function().functionArn());
        boolean expected = previousCycle == null ? current == null
                : current != null && current.cycle() == previousCycle;
        if (expected) {
            claims.put(next.function().functionArn(), next);
        }
        return expected;
    }

    @Override
    public synchronized boolean markStarted(String functionArn, long cycle, String executionArn, Instant startedAt) {
        WindowClaim c = starting(functionArn, cycle);
        if (c == null) {
            return false;
        }
        claims.put(functionArn, new WindowClaim(c.function(), c.cycle(), c.windowStart(), c.windowEnd(),
                WindowState.STARTED, executionArn, null, c.outcome()));
        return true;
    }

    @Override
    public synchronized boolean markStartRefused(String functionArn, long cycle, String reason, Instant at) {
        WindowClaim c = starting(functionArn, cycle);
        if (c == null) {
            return false;
        }
        String text = reason == null || reason.isBlank() ? "refused" : reason;
        claims.put(functionArn, new WindowClaim(c.function(), c.cycle(), c.windowStart(), c.windowEnd(), c.state(),
                c.executionArn(), text.length() > 1000 ? text.substring(0, 1000) : text, c.outcome()));
        return true;
    }

    @Override
    public synchronized boolean close(String functionArn, long cycle, String executionArn, String outcome,
                                      String detail, Instant at) {
        WindowClaim c = claims.get(functionArn);
        if (c == null || c.cycle() != cycle || c.executionArn() != null && !c.executionArn().equals(executionArn)) {
            return false;
        }
        claims.put(functionArn, new WindowClaim(c.function(), c.cycle(), c.windowStart(), c.windowEnd(),
                WindowState.CLOSED, executionArn, c.startError(), outcome));
        return true;
    }

    @Override
    public synchronized boolean restart(String functionArn, long cycle, String previousExecutionArn,
                                        String executionArn, String executionName, Instant windowEnd, Instant at) {
        WindowClaim c = claims.get(functionArn);
        if (c == null || c.cycle() != cycle) {
            return false;
        }
        boolean owned = c.executionArn() == null ? previousExecutionArn == null
                : c.executionArn().equals(previousExecutionArn) || c.executionArn().equals(executionArn);
        if (!owned) {
            return false;
        }
        claims.put(functionArn, new WindowClaim(c.function(), c.cycle(), c.windowStart(), windowEnd,
                WindowState.STARTED, executionArn, c.startError(), null));
        return true;
    }

    @Override
    public synchronized List<WindowClaim> all() {
        return claims.values().stream()
                .sorted(Comparator.comparing((WindowClaim c) -> c.function().functionName())
                        .thenComparing(c -> c.function().functionArn()))
                .toList();
    }

    private WindowClaim starting(String functionArn, long cycle) {
        WindowClaim c = claims.get(functionArn);
        return c != null && c.cycle() == cycle && c.state() == WindowState.STARTING ? c : null;
    }
}
